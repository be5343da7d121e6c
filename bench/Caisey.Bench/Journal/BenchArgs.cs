using System.Globalization;

namespace Caisey.Bench.Journal;

/// <summary>Reads "--name value" options.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Every value of a repeatable option ("--set a=1 --set b=2").</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var values = new List<string>();
        for (var i = 0; i + 1 < args.Length; i++)
            if (args[i] == "--" + name)
                values.Add(args[++i]);
        return values;
    }

    public int GetInt(string name, int fallback) =>
        Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
