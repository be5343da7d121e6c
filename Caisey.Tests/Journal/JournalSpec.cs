using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>
/// The conformance suite every <see cref="IEventJournal"/> passes (modelled on Akka.NET's persistence TCK
/// <c>JournalSpec</c>). Subclasses only create and clean up a journal; the cases know nothing of its storage.
/// </summary>
public abstract partial class JournalSpec : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private IEventJournal? _journal;

    internal JournalTestClock Clock { get; } = new(Start);

    protected IEventSerializer Serializer { get; } = JournalTestSerializer.Create();

    protected IEventJournal Journal => _journal ?? throw new InvalidOperationException("The journal is not created yet.");

    /// <summary>Creates a new, empty journal that stamps events with <paramref name="time"/>.</summary>
    protected abstract ValueTask<IEventJournal> CreateJournalAsync(IEventSerializer serializer, TimeProvider time);

    /// <summary>Holds a group-commit writer so that the next appends share one batch; null for journals without one.</summary>
    protected virtual IDisposable? HoldWriter() => null;

    /// <summary>Batches committed so far, for journals that group commits; null otherwise.</summary>
    protected virtual long? CommittedBatches => null;

    protected virtual ValueTask CleanupAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => _journal = await CreateJournalAsync(Serializer, Clock);

    public async Task DisposeAsync()
    {
        if (_journal is not null)
            await _journal.DisposeAsync();
        await CleanupAsync();
    }

    protected async Task<long> AppendTextsAsync(string id, long expected, params string[] texts) =>
        await Journal.AppendAsync(id, expected, texts.Select(t => (object)new TestEventHappened(t)).ToList());

    /// <summary>Writes events "1".."<paramref name="count"/>" as seq 1..count, one append each.</summary>
    protected async Task SeedAsync(string id, int count)
    {
        for (var seq = 1; seq <= count; seq++)
            Assert.Equal(seq, await AppendTextsAsync(id, seq - 1, seq.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    protected async Task<List<JournalEntry>> ReplayAsync(string id, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in Journal.ReplayAsync(id, from, to, max))
            entries.Add(entry);
        return entries;
    }

    /// <summary>The replayed sequence numbers as "1,2,3", for readable assertions.</summary>
    protected async Task<string> ReplaySeqsAsync(string id, long from = 1, long to = long.MaxValue, long max = long.MaxValue) =>
        string.Join(',', (await ReplayAsync(id, from, to, max)).Select(e => e.SequenceNr));
}
