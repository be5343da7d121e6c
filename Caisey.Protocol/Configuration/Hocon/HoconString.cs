using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>A string value (quoted, unquoted, triple-quoted or a concatenation).</summary>
public sealed class HoconString : HoconValue
{
    public HoconString(string value) => Value = value;

    public string Value { get; }

    /// <summary>Whitespace between the parts of a value concatenation, ignored around objects and arrays.</summary>
    internal bool IsConcatenationWhitespace { get; init; }

    internal override bool IsResolved => true;

    public override string ToString() => Value;

    internal override void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(Value);
}
