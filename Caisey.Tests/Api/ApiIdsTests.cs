using System.Text.RegularExpressions;
using Caisey.Node.Api;

namespace Caisey.Tests.Api;

public sealed partial class ApiIdsTests
{
    [GeneratedRegex("^cmd_[A-Za-z0-9_-]{22}$")]
    private static partial Regex CommandIdShape();

    [Fact]
    public void CommandIds_SortByCreationTime_AndDifferWithinOneMillisecond()
    {
        var t0 = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 2_000).Select(i => ApiIds.NewCommandId(t0.AddMilliseconds(i / 4))).ToList();

        Assert.All(ids, id => Assert.Matches(CommandIdShape(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // Ordinal order (SQLite's BINARY collation) follows the time; ids of one millisecond differ in their random part.
        for (var i = 4; i < ids.Count; i++)
            Assert.True(string.CompareOrdinal(ids[i - 4], ids[i]) < 0, $"{ids[i - 4]} !< {ids[i]}");
        Assert.True(string.CompareOrdinal(ApiIds.NewCommandId(t0.AddYears(50)), ApiIds.NewCommandId(t0)) > 0);
    }

    [Fact]
    public void CommandIds_CarryEightyFourRandomBits_AfterTheTime()
    {
        var t0 = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
        var tails = Enumerable.Range(0, 1_000).Select(_ => ApiIds.NewCommandId(t0)[12..]).ToList();

        Assert.All(tails, t => Assert.Equal(14, t.Length));
        Assert.Equal(tails.Count, tails.Distinct(StringComparer.Ordinal).Count());
        // Every one of the 64 characters turns up in each random position across 1,000 ids (p of a miss ~ 1e-5 each).
        Assert.Equal(64, tails.Select(t => t[0]).Distinct().Count());
    }
}
