using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>
/// Deferred appends (<see cref="IEventJournal.AppendDeferredAsync"/>): the SQLite writer holds a batch of nothing but
/// them up to its linger, and the first append someone waits on (or an urge, or closing) commits them together.
/// </summary>
public sealed class SqliteDeferredAppendTests : IDisposable
{
    private readonly JournalTestFiles _files = new();
    private readonly IEventSerializer _serializer = JournalTestSerializer.Create();

    private SqliteEventJournal Open(TimeSpan linger) =>
        SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = _files.File(), Linger = linger }, _serializer);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ADeferredAppend_WaitsForTheNextAppend_AndSharesItsCommit()
    {
        await using var journal = Open(TimeSpan.FromSeconds(1));
        var before = journal.Stats.Batches;

        var deferred = journal.AppendDeferredAsync("ack", 0, [new TestEventHappened("acknowledged")]).AsTask();
        await Task.Delay(150);
        Assert.False(deferred.IsCompleted, "a deferred append alone committed before its linger ended");

        var urgent = await journal.AppendAsync("started", 0, [new TestEventHappened("running")]);

        Assert.Equal(1, urgent);
        Assert.Equal(1, await deferred.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, journal.Stats.Batches - before);
        Assert.Equal(1, journal.HeldBatches);
    }

    [Fact]
    public async Task ADeferredAppend_Alone_CommitsWhenItsLingerEnds()
    {
        await using var journal = Open(TimeSpan.FromMilliseconds(50));

        var seq = await journal.AppendDeferredAsync("ack", 0, [new TestEventHappened("acknowledged")]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, seq);
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("ack"));
    }

    [Fact]
    public async Task CommitDeferredNow_EndsTheHold()
    {
        await using var journal = Open(TimeSpan.FromSeconds(1));
        var deferred = journal.AppendDeferredAsync("ack", 0, [new TestEventHappened("acknowledged")]).AsTask();
        await Task.Delay(100);
        Assert.False(deferred.IsCompleted);

        journal.CommitDeferredNow();

        Assert.Equal(1, await deferred.WaitAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task AnUrgeBeforeADeferredAppendWasQueued_DoesNotEndItsHold()
    {
        await using var journal = Open(TimeSpan.FromSeconds(1));
        await journal.AppendDeferredAsync("earlier", 0, [new TestEventHappened("acknowledged")]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        journal.CommitDeferredNow();
        journal.CommitDeferredNow();

        var deferred = journal.AppendDeferredAsync("later", 0, [new TestEventHappened("acknowledged")]).AsTask();
        await Task.Delay(150);

        Assert.False(deferred.IsCompleted, "an urge that came before the append was queued ended its hold");
        journal.CommitDeferredNow();
        Assert.Equal(1, await deferred.WaitAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Closing_CommitsAHeldAppend_AndAReopenFindsIt()
    {
        var journal = Open(TimeSpan.FromSeconds(1));
        var deferred = journal.AppendDeferredAsync("ack", 0, [new TestEventHappened("acknowledged")]).AsTask();
        await Task.Delay(100);

        await journal.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMilliseconds(800));

        Assert.Equal(1, await deferred);
        await using var reopened = Open(TimeSpan.Zero);
        Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync("ack"));
    }

    [Fact]
    public async Task WithNoLinger_ADeferredAppendCommitsAtOnce()
    {
        await using var journal = Open(TimeSpan.Zero);

        var seq = await journal.AppendDeferredAsync("ack", 0, [new TestEventHappened("acknowledged")]).AsTask().WaitAsync(TimeSpan.FromMilliseconds(500));

        Assert.Equal(1, seq);
        Assert.Equal(0, journal.HeldBatches);
    }

    [Fact]
    public async Task AppendsOfOneId_KeepTheirOrder_WhenAnUrgentOneFollowsADeferredOne()
    {
        await using var journal = Open(TimeSpan.FromSeconds(1));

        var first = journal.AppendDeferredAsync("cmd", 0, [new TestEventHappened("acknowledged")]).AsTask();
        var second = journal.AppendAsync("cmd", 1, [new TestEventHappened("started"), new TestEventHappened("finished")]).AsTask();

        Assert.Equal((1L, 3L), (await first, await second));
        var texts = new List<string>();
        await foreach (var e in journal.ReplayAsync("cmd", 1, long.MaxValue, long.MaxValue))
            texts.Add(((TestEventHappened)e.Event).Text);
        Assert.Equal(["acknowledged", "started", "finished"], texts);
    }
}
