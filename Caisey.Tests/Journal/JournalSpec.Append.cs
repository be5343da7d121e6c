using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

public abstract partial class JournalSpec
{
    [Fact]
    public async Task Append_ManyEvents_NumbersThemOnAndReturnsTheLast()
    {
        Assert.Equal(3, await AppendTextsAsync("a", 0, "x", "y", "z"));
        Assert.Equal(5, await AppendTextsAsync("a", 3, "u", "v"));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal("1,2,3,4,5", await ReplaySeqsAsync("a"));
    }

    [Fact]
    public async Task Append_WithAnUnserializableEvent_StoresNoneOfTheAppend()
    {
        await SeedAsync("a", 1);

        await Assert.ThrowsAsync<JournalSerializationException>(async () =>
            await Journal.AppendAsync("a", 1, [new TestEventHappened("ok"), new NotRegisteredEvent("bad"), new TestEventHappened("ok too")]));

        Assert.Equal("1", await ReplaySeqsAsync("a"));
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(2, await AppendTextsAsync("a", 1, "next"));
    }

    [Fact]
    public async Task Append_WithStaleExpectedSequenceNr_ThrowsConcurrencyAndStoresNothing()
    {
        await SeedAsync("a", 2);

        var e = await Assert.ThrowsAsync<JournalConcurrencyException>(async () => await AppendTextsAsync("a", 1, "late", "later"));

        Assert.Equal((1L, 2L), (e.Expected, e.Actual));
        Assert.Equal(["1", "2"], (await ReplayAsync("a")).Select(x => ((TestEventHappened)x.Event).Text));
    }

    [Fact]
    public async Task Append_AheadOfTheJournal_ThrowsConcurrencyAndLeavesNoGap()
    {
        await SeedAsync("a", 1);
        await Assert.ThrowsAsync<JournalConcurrencyException>(async () => await AppendTextsAsync("a", 3, "gap"));
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task Append_WithCancelledToken_IsCancelledAndStoresNothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Journal.AppendAsync("a", 0, [new TestEventHappened("x")], cts.Token));

        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task PipelinedAppends_ToOneId_AreAppliedInCallOrder_AndAFailedOneFailsThoseQueuedAfterIt()
    {
        // What an entity's pipeline relies on: it queues its next append before the previous one completed.
        var inOrder = Enumerable.Range(0, 20).Select(i => AppendTextsAsync("a", i, $"e{i}")).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), await Task.WhenAll(inOrder));
        Assert.Equal(string.Join(",", Enumerable.Range(1, 20)), await ReplaySeqsAsync("a"));

        var stale = AppendTextsAsync("a", 19, "stale");
        var behindIt = AppendTextsAsync("a", 21, "behind the stale one");
        await Assert.ThrowsAsync<JournalConcurrencyException>(async () => await stale);
        await Assert.ThrowsAsync<JournalConcurrencyException>(async () => await behindIt);
        Assert.Equal(20, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task ConcurrentAppends_ToOneIdWithTheSameExpectation_ExactlyOneWins()
    {
        await SeedAsync("a", 1);

        var attempts = Enumerable.Range(0, 8).Select(i => AppendTextsAsync("a", 1, $"w{i}")).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t => { try { return await t; } catch (JournalConcurrencyException) { return -1L; } }));

        Assert.Single(outcomes, o => o == 2);
        Assert.Equal(7, outcomes.Count(o => o == -1));
        Assert.Equal("1,2", await ReplaySeqsAsync("a"));
    }

    [Fact]
    public async Task ConcurrentAppends_InOneBatch_WithAConflictAndABadEvent_FailOnlyThoseTwo()
    {
        await SeedAsync("taken", 1);
        var batchesBefore = CommittedBatches;

        Task<long>[] good;
        Task<long> conflict, duplicateFirst, duplicateSecond, unserializable;
        using (HoldWriter())
        {
            good = Enumerable.Range(0, 20).Select(i => AppendTextsAsync($"good-{i}", 0, "a", "b")).ToArray();
            conflict = AppendTextsAsync("taken", 0, "stale");
            duplicateFirst = AppendTextsAsync("dup", 0, "first");
            duplicateSecond = AppendTextsAsync("dup", 0, "second");
            unserializable = Journal.AppendAsync("bad", 0, [new TestEventHappened("x"), new NotRegisteredEvent("y")]).AsTask();
        }

        Assert.All(await Task.WhenAll(good), last => Assert.Equal(2, last));
        Assert.Equal(1, await duplicateFirst);
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => duplicateSecond);
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => conflict);
        await Assert.ThrowsAsync<JournalSerializationException>(() => unserializable);

        if (batchesBefore is { } before)
            Assert.True(CommittedBatches == before + 1, $"expected all appends in one batch, but {CommittedBatches - before} batches were committed");
        Assert.Equal(["first"], (await ReplayAsync("dup")).Select(e => ((TestEventHappened)e.Event).Text));
        Assert.Equal("1", await ReplaySeqsAsync("taken"));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("bad"));
        for (var i = 0; i < 20; i++)
            Assert.Equal("1,2", await ReplaySeqsAsync($"good-{i}"));
    }
}
