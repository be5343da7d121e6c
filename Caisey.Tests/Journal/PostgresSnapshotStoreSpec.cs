using Caisey.Node.Journal;
using Caisey.Node.Storage;
using Caisey.Tests.Support;

namespace Caisey.Tests.Journal;

/// <summary>The snapshot store conformance suite against PostgreSQL; the store lives in its journal's database.</summary>
public sealed class PostgresSnapshotStoreSpec : SnapshotStoreSpec
{
    private TestDatabase? _database;
    private PostgresDatabase? _postgres;
    private PostgresEventJournal? _journal;

    protected override async ValueTask<ISnapshotStore> CreateStoreAsync(IEventSerializer serializer, TimeProvider time)
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _postgres = new PostgresDatabase(_database.ConnectionString);
        _journal = await PostgresEventJournal.OpenAsync(_postgres, new PostgresJournalOptions(), serializer, time);
        return _journal.Snapshots;
    }

    protected override async ValueTask CleanupAsync()
    {
        if (_journal is not null)
            await _journal.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
