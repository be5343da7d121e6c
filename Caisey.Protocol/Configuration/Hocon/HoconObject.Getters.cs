using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Caisey.Protocol.Configuration.Hocon;

public sealed partial class HoconObject
{
    /// <summary>Finds the value at a path expression such as <c>caisey.node.urls</c>.</summary>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        value = this;
        var keys = HoconPath.Parse(path);
        for (var i = 0; i < keys.Length; i++)
        {
            if (value is not HoconObject obj || !obj._fields.TryGetValue(keys[i], out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    public bool HasPath(string path) => TryGetValue(path, out _);

    /// <exception cref="HoconException">Nothing is set at <paramref name="path"/>.</exception>
    public HoconValue GetValue(string path) =>
        TryGetValue(path, out var value) ? value : throw new HoconException($"setting '{path}' is missing");

    public HoconObject GetObject(string path) => GetValue(path) as HoconObject ?? throw WrongType(path, "an object");

    /// <summary>A string; numbers and booleans are converted to their HOCON text.</summary>
    public string GetString(string path) => GetValue(path) switch
    {
        HoconString s => s.Value,
        var value when value is HoconNumber or HoconBoolean => value.ToString()!,
        _ => throw WrongType(path, "a string"),
    };

    /// <summary>A boolean; the strings true/yes/on and false/no/off are accepted too.</summary>
    public bool GetBoolean(string path) => GetValue(path) switch
    {
        HoconBoolean b => b.Value,
        HoconString { Value: "true" or "yes" or "on" } => true,
        HoconString { Value: "false" or "no" or "off" } => false,
        _ => throw WrongType(path, "a boolean"),
    };

    public long GetInt64(string path) => GetValue(path) switch
    {
        HoconNumber { IsInteger: true } n when long.TryParse(n.Text, CultureInfo.InvariantCulture, out var number) => number,
        HoconString s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw WrongType(path, "a whole number"),
    };

    public int GetInt32(string path)
    {
        var number = GetInt64(path);
        return number is >= int.MinValue and <= int.MaxValue ? (int)number : throw WrongType(path, "a 32-bit whole number");
    }

    public double GetDouble(string path) => GetValue(path) switch
    {
        HoconNumber n => n.ToDouble(),
        HoconString s when HoconNumberSyntax.IsJsonNumber(s.Value) => double.Parse(s.Value, CultureInfo.InvariantCulture),
        _ => throw WrongType(path, "a number"),
    };

    /// <summary>A duration (<c>10s</c>, <c>500 ms</c>, <c>2 minutes</c>); a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => GetValue(path) switch
    {
        HoconNumber n when HoconDuration.TryParse(n.Text, out var duration) => duration,
        HoconString s when HoconDuration.TryParse(s.Value, out var duration) => duration,
        _ => throw WrongType(path, "a duration such as 10s, 500ms, 5 minutes or 1d"),
    };

    /// <summary>A size in bytes (<c>64k</c>, <c>10 MiB</c>, <c>1MB</c>); a bare number is bytes.</summary>
    public long GetBytes(string path) => GetValue(path) switch
    {
        HoconNumber n when HoconSize.TryParse(n.Text, out var bytes) => bytes,
        HoconString s when HoconSize.TryParse(s.Value, out var bytes) => bytes,
        _ => throw WrongType(path, "a size in bytes such as 64k, 10 MiB or 1MB"),
    };

    /// <summary>An array of strings (numbers and booleans converted).</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var array = GetValue(path) as HoconArray ?? throw WrongType(path, "an array of strings");
        return [.. array.Items.Select(item => item is HoconString or HoconNumber or HoconBoolean
            ? (item as HoconString)?.Value ?? item.ToString()!
            : throw WrongType(path, "an array of strings"))];
    }

    private HoconException WrongType(string path, string expected)
    {
        var actual = TryGetValue(path, out var value) ? HoconResolver.Describe(value) : "missing";
        return new HoconException($"setting '{path}' is {actual} but must be {expected}");
    }
}
