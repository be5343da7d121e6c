using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

public abstract partial class JournalSpec
{
    [Fact]
    public async Task Replay_All_ReturnsEveryEventInOrderWithItsData()
    {
        await SeedAsync("a", 5);

        var entries = await ReplayAsync("a");

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.SequenceNr));
        Assert.Equal(["1", "2", "3", "4", "5"], entries.Select(e => ((TestEventHappened)e.Event).Text));
        Assert.All(entries, e => Assert.Equal("a", e.PersistenceId));
    }

    [Fact]
    public async Task Replay_FromLowerBound_StartsThere()
    {
        await SeedAsync("a", 5);
        Assert.Equal("3,4,5", await ReplaySeqsAsync("a", from: 3));
    }

    [Fact]
    public async Task Replay_ToUpperBound_StopsThere()
    {
        await SeedAsync("a", 5);
        Assert.Equal("1,2,3", await ReplaySeqsAsync("a", to: 3));
    }

    [Fact]
    public async Task Replay_WithMax_ReturnsAtMostThatManyFromTheStart()
    {
        await SeedAsync("a", 5);
        Assert.Equal("1,2", await ReplaySeqsAsync("a", max: 2));
        Assert.Equal("2,3,4", await ReplaySeqsAsync("a", from: 2, max: 3));
        Assert.Empty(await ReplaySeqsAsync("a", max: 0));
    }

    [Fact]
    public async Task Replay_WithLowerAndUpperBound_ReturnsTheRangeInclusive()
    {
        await SeedAsync("a", 5);
        Assert.Equal("2,3,4", await ReplaySeqsAsync("a", from: 2, to: 4));
    }

    [Fact]
    public async Task Replay_SingleEventRange_ReturnsThatEvent()
    {
        await SeedAsync("a", 5);
        var entries = await ReplayAsync("a", from: 3, to: 3);
        Assert.Equal("3", ((TestEventHappened)Assert.Single(entries).Event).Text);
    }

    [Fact]
    public async Task Replay_FromGreaterThanTo_YieldsNothing()
    {
        await SeedAsync("a", 5);
        Assert.Empty(await ReplaySeqsAsync("a", from: 4, to: 2));
    }

    [Fact]
    public async Task Replay_BeyondHighest_YieldsNothing()
    {
        await SeedAsync("a", 3);
        Assert.Empty(await ReplaySeqsAsync("a", from: 4));
    }

    [Fact]
    public async Task UnknownId_ReplaysNothing_AndHighestIsZero()
    {
        await SeedAsync("a", 2);
        Assert.Empty(await ReplaySeqsAsync("nobody"));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("nobody"));
    }

    [Fact]
    public async Task Replay_OfOneId_NeverReturnsAnotherIdsEvents()
    {
        await SeedAsync("a", 3);
        await SeedAsync("ab", 2);
        Assert.Equal("1,2,3", await ReplaySeqsAsync("a"));
        Assert.Equal("1,2", await ReplaySeqsAsync("ab"));
    }

    [Fact]
    public async Task Events_CarryTheJournalClockTimestampOfTheirAppend()
    {
        await AppendTextsAsync("a", 0, "first");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await AppendTextsAsync("a", 1, "second");

        var entries = await ReplayAsync("a");

        Assert.Equal([Start, Start.AddMinutes(5)], entries.Select(e => e.Timestamp));
    }

    [Fact]
    public async Task LargePayload_OneMebibyte_RoundTrips()
    {
        var data = new byte[1024 * 1024];
        new Random(42).NextBytes(data);

        await Journal.AppendAsync("big", 0, [new LargeEventHappened(data), new TestEventHappened("after")]);

        var entries = await ReplayAsync("big");
        Assert.Equal(data, ((LargeEventHappened)entries[0].Event).Data);
        Assert.Equal("after", ((TestEventHappened)entries[1].Event).Text);
    }
}
