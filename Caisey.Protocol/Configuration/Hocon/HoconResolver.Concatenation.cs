using System.Text;

namespace Caisey.Protocol.Configuration.Hocon;

internal sealed partial class HoconResolver
{
    /// <summary>Strings join with the whitespace between them kept; arrays append; objects merge.</summary>
    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation, HoconPath at)
    {
        var parts = new List<HoconValue>();
        foreach (var part in concatenation.Parts)
        {
            if (part is HoconString { IsConcatenationWhitespace: true })
            {
                parts.Add(part);
                continue;
            }

            var resolved = ResolveValue(part, at);
            if (resolved is not null)
            {
                parts.Add(part is HoconSubstitution && resolved is HoconNull ? new HoconString("") : resolved);
            }
        }

        var solid = parts.Where(part => part is not HoconString { IsConcatenationWhitespace: true }).ToList();
        if (solid.Count == 0)
        {
            return null;
        }

        if (solid.Count == 1 && parts.Count == 1)
        {
            return solid[0];
        }

        if (solid.Any(part => part is HoconObject))
        {
            RequireAll<HoconObject>(solid, concatenation, "an object");
            return solid.Cast<HoconObject>().Aggregate(HoconMerge.MergeObjects);
        }

        if (solid.Any(part => part is HoconArray))
        {
            RequireAll<HoconArray>(solid, concatenation, "an array");
            return new HoconArray([.. solid.Cast<HoconArray>().SelectMany(array => array.Items)]);
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part is HoconString s ? s.Value : part.ToString());
        }

        return new HoconString(text.ToString());
    }

    private static void RequireAll<T>(List<HoconValue> parts, HoconConcatenation concatenation, string kind)
        where T : HoconValue
    {
        var other = parts.FirstOrDefault(part => part is not T);
        if (other is not null)
        {
            throw new HoconException(
                concatenation.Position,
                $"cannot concatenate {kind} with {Describe(other)}; objects only join with objects and arrays with arrays");
        }
    }

    internal static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "an array",
        HoconString s => $"the string \"{s.Value}\"",
        HoconNumber n => $"the number {n.Text}",
        HoconBoolean b => $"the boolean {b}",
        HoconNull => "null",
        _ => "an unresolved value",
    };
}
