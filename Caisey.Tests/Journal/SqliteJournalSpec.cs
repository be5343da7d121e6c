using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>The journal conformance suite against SQLite; every test gets its own file in its own directory.</summary>
public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly JournalTestFiles _files = new();
    private SqliteEventJournal? _sqlite;

    protected override long? CommittedBatches => _sqlite?.Stats.Batches;

    protected override ValueTask<IEventJournal> CreateJournalAsync(IEventSerializer serializer, TimeProvider time)
    {
        _sqlite = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = _files.File() }, serializer, time);
        return ValueTask.FromResult<IEventJournal>(_sqlite);
    }

    protected override IDisposable? HoldWriter() => _sqlite?.HoldWriter();

    protected override ValueTask CleanupAsync()
    {
        _files.Dispose();
        return ValueTask.CompletedTask;
    }
}
