namespace Caisey.Tests.EndToEnd;

/// <summary>
/// The side effects on the machine: every test script appends its tag to one file, so a test counts how often each
/// command really ran, whatever the node says.
/// </summary>
public sealed class SideEffectLog(string path)
{
    public string Path { get; } = path;

    /// <summary>A script that first records <paramref name="tag"/> on the machine, then runs <paramref name="then"/>.</summary>
    public string Script(string tag, string? then = null) => $"echo {tag} >> '{Path}'" + (then is null ? "" : $"; {then}");

    /// <summary>How often each tag ran.</summary>
    public IReadOnlyDictionary<string, int> Counts() =>
        !File.Exists(Path)
            ? new Dictionary<string, int>()
            : File.ReadAllLines(Path).Where(l => l.Length > 0).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int CountOf(string tag) => Counts().GetValueOrDefault(tag);

    /// <summary>Asserts that each of <paramref name="tags"/> ran exactly once and nothing else ran.</summary>
    public void AssertEachRanExactlyOnce(IReadOnlyCollection<string> tags)
    {
        var counts = Counts();
        var missing = tags.Where(t => !counts.ContainsKey(t)).ToList();
        var repeated = counts.Where(c => c.Value > 1).Select(c => $"{c.Key}×{c.Value}").ToList();
        var unexpected = counts.Keys.Except(tags, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && repeated.Count == 0 && unexpected.Count == 0,
            $"Expected each of {tags.Count} commands to run exactly once on the machine; " +
            $"never ran: [{string.Join(", ", missing.Take(20))}] ({missing.Count}), ran more than once: [{string.Join(", ", repeated.Take(20))}] ({repeated.Count}), " +
            $"unexpected: [{string.Join(", ", unexpected.Take(20))}].");
    }
}
