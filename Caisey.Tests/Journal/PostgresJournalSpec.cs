using Caisey.Node.Journal;
using Caisey.Node.Storage;
using Caisey.Tests.Support;

namespace Caisey.Tests.Journal;

/// <summary>The journal conformance suite against PostgreSQL; every test gets its own database on the real local server.</summary>
public sealed class PostgresJournalSpec : JournalSpec
{
    private TestDatabase? _database;
    private PostgresDatabase? _postgres;
    private PostgresEventJournal? _journal;

    protected override long? CommittedBatches => _journal?.Stats.Batches;

    protected override async ValueTask<IEventJournal> CreateJournalAsync(IEventSerializer serializer, TimeProvider time)
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _postgres = new PostgresDatabase(_database.ConnectionString);
        return _journal = await PostgresEventJournal.OpenAsync(_postgres, new PostgresJournalOptions(), serializer, time);
    }

    protected override IDisposable? HoldWriter() => _journal?.HoldWriter();

    protected override async ValueTask CleanupAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
