using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// An object: keys in the order they were first defined. Settings are read by path expression with
/// the getters (<see cref="GetString"/>, <see cref="GetDuration"/>, ...).
/// </summary>
public sealed partial class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;
    private readonly bool _isResolved;

    internal HoconObject(OrderedDictionary<string, HoconValue> fields)
    {
        _fields = fields;
        _isResolved = fields.Values.All(value => value.IsResolved);
    }

    public static HoconObject Empty { get; } = new(new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal));

    /// <summary>The fields of this object, in definition order.</summary>
    public IReadOnlyDictionary<string, HoconValue> Fields => _fields;

    internal override bool IsResolved => _isResolved;

    internal OrderedDictionary<string, HoconValue> CopyFields() => new(_fields, StringComparer.Ordinal);

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in _fields)
        {
            writer.WritePropertyName(key);
            value.WriteJson(writer);
        }

        writer.WriteEndObject();
    }
}
