using System.Text.RegularExpressions;

namespace Caisey.Protocol.Configuration.Hocon;

internal static partial class HoconNumberSyntax
{
    public static bool IsJsonNumber(string text) => JsonNumber().IsMatch(text);

    [GeneratedRegex("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
