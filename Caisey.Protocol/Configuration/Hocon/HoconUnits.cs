using System.Globalization;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>The HOCON units format: optional whitespace, a number, optional whitespace, an optional unit of letters.</summary>
internal static class HoconUnits
{
    public static bool TrySplit(string? text, out decimal number, out string unit)
    {
        number = 0;
        unit = "";
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        var unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsLetter(trimmed[unitStart - 1]))
        {
            unitStart--;
        }

        unit = trimmed[unitStart..];
        var digits = trimmed[..unitStart].TrimEnd();
        return HoconNumberSyntax.IsJsonNumber(digits)
            && decimal.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
