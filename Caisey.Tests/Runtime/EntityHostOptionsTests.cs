using Caisey.Node.Runtime;

namespace Caisey.Tests.Runtime;

public sealed class EntityHostOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Empty(new EntityHostOptions().Validate());

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var options = new EntityHostOptions
        {
            PassivateAfter = TimeSpan.Zero,
            MaxLiveEntities = 0,
            SnapshotEvery = -1,
            RestartBackoffMin = TimeSpan.FromSeconds(10),
            RestartBackoffMax = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<ArgumentException>(options.ThrowIfInvalid);

        foreach (var name in new[] { "PassivateAfter", "MaxLiveEntities", "SnapshotEvery", "RestartBackoffMax" })
            Assert.Contains(name, error.Message);
        Assert.Equal(4, options.Validate().Count);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    [InlineData(100, 5)]
    public void RestartBackoff_DoublesPerFailureUpToTheMaximum(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RestartBackoff.NextDelay(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
}
