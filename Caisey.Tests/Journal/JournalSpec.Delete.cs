namespace Caisey.Tests.Journal;

public abstract partial class JournalSpec
{
    [Fact]
    public async Task DeleteTo_All_KeepsTheHighestSequenceNr()
    {
        await SeedAsync("a", 4);

        await Journal.DeleteToAsync("a", 4);

        Assert.Empty(await ReplaySeqsAsync("a"));
        Assert.Equal(4, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task DeleteTo_BeyondHighest_KeepsTheHighestSequenceNr()
    {
        await SeedAsync("a", 3);
        await Journal.DeleteToAsync("a", long.MaxValue);
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task DeleteTo_Partial_ReplayStartsAfterTheDeletedOnes()
    {
        await SeedAsync("a", 5);

        await Journal.DeleteToAsync("a", 3);

        Assert.Equal("4,5", await ReplaySeqsAsync("a"));
        Assert.Equal("4", await ReplaySeqsAsync("a", max: 1));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task Append_AfterDeletingEverything_ContinuesAfterTheHighest()
    {
        await SeedAsync("a", 3);
        await Journal.DeleteToAsync("a", 3);

        await Assert.ThrowsAsync<Caisey.Node.Journal.JournalConcurrencyException>(async () => await AppendTextsAsync("a", 0, "restart"));
        Assert.Equal(4, await AppendTextsAsync("a", 3, "four"));
        Assert.Equal("4", await ReplaySeqsAsync("a"));
    }

    [Fact]
    public async Task DeleteTo_OneId_LeavesOtherIdsAlone()
    {
        await SeedAsync("a", 2);
        await SeedAsync("b", 2);
        await Journal.DeleteToAsync("a", 2);
        Assert.Equal("1,2", await ReplaySeqsAsync("b"));
    }

    [Fact]
    public async Task DeleteTo_UnknownId_DoesNothing()
    {
        await Journal.DeleteToAsync("nobody", 10);
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("nobody"));
        Assert.Equal(1, await AppendTextsAsync("nobody", 0, "first"));
    }
}
