using System.Globalization;

namespace Caisey.Agent.Inventory;

/// <summary>Parses the small text files Linux exposes about itself. Every parser returns null for input it does not understand.</summary>
internal static class ProcParsers
{
    /// <summary><c>/proc/uptime</c>: "12345.67 54321.00" → 12345 seconds.</summary>
    public static long? UptimeSeconds(string? text) =>
        FirstFields(text, 1) is [var uptime] && double.TryParse(uptime, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? (long)seconds
            : null;

    /// <summary><c>/proc/loadavg</c>: "0.52 0.58 0.59 1/234 5678" → (0.52, 0.58, 0.59).</summary>
    public static (double One, double Five, double Fifteen)? LoadAverages(string? text)
    {
        if (FirstFields(text, 3) is not [var a, var b, var c])
            return null;
        return Parse(a) is { } one && Parse(b) is { } five && Parse(c) is { } fifteen ? (one, five, fifteen) : null;

        static double? Parse(string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;
    }

    /// <summary><c>/etc/os-release</c>: the value of <c>PRETTY_NAME</c>, unquoted.</summary>
    public static string? OsPrettyName(string? text)
    {
        foreach (var line in (text ?? "").Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                return NullIfEmpty(line["PRETTY_NAME=".Length..].Trim().Trim('"', '\''));
        }
        return null;
    }

    /// <summary>Output of <c>apt list --upgradable</c>: the number of packages listed.</summary>
    public static int CountUpgradable(string text) =>
        text.Split('\n').Count(line => line.Contains("upgradable from", StringComparison.Ordinal));

    public static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string[]? FirstFields(string? text, int count)
    {
        var fields = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= count ? fields[..count] : null;
    }
}
