namespace Caisey.Tests;

public class SmokeTests
{
    [Fact]
    public void Journal_ConcurrencyException_NamesTheIdAndBothSequenceNumbers()
    {
        var e = new Caisey.Node.Journal.JournalConcurrencyException("ep-1", 3, 5);
        Assert.Contains("ep-1", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Contains("5", e.Message);
    }
}
