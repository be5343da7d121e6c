namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// HOCON sizes in bytes: <c>64k</c>, <c>10 MiB</c>, <c>1MB</c>. A bare number is bytes. One-letter units
/// and Ki/KiB/kibibytes... are powers of two; kB/MB/kilobytes... are powers of ten.
/// </summary>
public static class HoconSize
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    /// <exception cref="FormatException">Not a number with an optional size unit, or more than <see cref="long.MaxValue"/> bytes.</exception>
    public static long Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a size in bytes: expected a number and a unit such as 64k, 10 MiB or 1MB");

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (!HoconUnits.TrySplit(text, out var number, out var unit) || !BytesPerUnit.TryGetValue(unit, out var perUnit))
        {
            return false;
        }

        try
        {
            var total = decimal.Truncate(number * perUnit);
            if (total > long.MaxValue || total < long.MinValue)
            {
                return false;
            }

            bytes = (long)total;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] si = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        decimal power10 = 1;
        decimal power2 = 1;
        for (var i = 0; i < si.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var upper = si[i].ToUpperInvariant();
            var lower = si[i].ToLowerInvariant();
            foreach (var name in new[] { si[i] + "B", decimalNames[i] + "byte", decimalNames[i] + "bytes" })
            {
                units[name] = power10;
            }

            foreach (var name in new[] { upper, lower, upper + "i", upper + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = power2;
            }
        }

        return units;
    }
}
