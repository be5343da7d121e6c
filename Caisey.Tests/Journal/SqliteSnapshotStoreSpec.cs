using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>The snapshot store conformance suite against SQLite; the store lives in its journal's file.</summary>
public sealed class SqliteSnapshotStoreSpec : SnapshotStoreSpec
{
    private readonly JournalTestFiles _files = new();
    private SqliteEventJournal? _journal;

    protected override ValueTask<ISnapshotStore> CreateStoreAsync(IEventSerializer serializer, TimeProvider time)
    {
        _journal = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = _files.File() }, serializer, time);
        return ValueTask.FromResult<ISnapshotStore>(_journal.Snapshots);
    }

    protected override async ValueTask CleanupAsync()
    {
        if (_journal is not null)
            await _journal.DisposeAsync();
        _files.Dispose();
    }
}
