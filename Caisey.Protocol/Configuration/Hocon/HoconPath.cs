using System.Text;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>A path through nested objects: <c>a.b."c.d"</c> is the three keys a, b and c.d.</summary>
internal sealed class HoconPath : IEquatable<HoconPath>
{
    private readonly string[] _segments;

    public HoconPath(params string[] segments) => _segments = segments;

    public static HoconPath Empty { get; } = new();

    public int Length => _segments.Length;

    public string this[int index] => _segments[index];

    public string First => _segments[0];

    /// <summary>Parses a path expression such as <c>caisey.node."data-dir"</c>.</summary>
    public static HoconPath Parse(string expression, string sourceName = "<path>")
    {
        var tokens = HoconTokenizer.Tokenize(expression, sourceName);
        var parts = tokens.Where(t => t.Kind != HoconTokenKind.End).ToList();
        var wrong = parts.FirstOrDefault(t => t.Kind is not (HoconTokenKind.Quoted or HoconTokenKind.Unquoted or HoconTokenKind.Whitespace));
        if (wrong is not null)
        {
            throw new HoconException(wrong.Position, $"invalid path expression '{expression}': unexpected {wrong.Describe()}");
        }

        return HoconPathBuilder.Build(parts, new HoconPosition(sourceName, 1, 1));
    }

    public HoconPath Append(string segment) => new([.. _segments, segment]);

    public HoconPath Concat(HoconPath other) => other.Length == 0 ? this : new([.. _segments, .. other._segments]);

    public HoconPath Take(int count) => new(_segments[..count]);

    public HoconPath Skip(int count) => new(_segments[count..]);

    public bool StartsWith(HoconPath prefix) =>
        prefix.Length <= Length && _segments.AsSpan(0, prefix.Length).SequenceEqual(prefix._segments);

    /// <summary>The keys joined by '.', unquoted: the name looked up as an environment variable.</summary>
    public string Join() => string.Join('.', _segments);

    /// <summary>The path as a HOCON path expression, quoting keys that need it.</summary>
    public override string ToString() => string.Join('.', _segments.Select(Render));

    public bool Equals(HoconPath? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    public override bool Equals(object? obj) => Equals(obj as HoconPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    internal static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append($"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    private static string Render(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? segment : Quote(segment);
}
