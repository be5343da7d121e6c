using System.Collections.Frozen;
using System.Text.Json;

namespace Caisey.Node.Journal;

/// <summary>
/// Serializes registered event and snapshot types as UTF-8 JSON; the manifest is the registered name,
/// so types can be renamed in code without breaking stored journals.
/// </summary>
/// <remarks>Use a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> in <paramref name="options"/>.</remarks>
public sealed class JsonEventSerializer(JsonSerializerOptions options, IReadOnlyDictionary<string, Type> types) : IEventSerializer
{
    private readonly FrozenDictionary<string, Type> _byManifest = types.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly FrozenDictionary<Type, string> _byType = types.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    public (string Manifest, byte[] Payload) Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_byType.TryGetValue(value.GetType(), out var manifest))
            throw new JournalSerializationException($"No manifest is registered for type '{value.GetType().FullName}'.");
        try
        {
            return (manifest, JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options));
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new JournalSerializationException($"Type '{value.GetType().FullName}' could not be serialized: {e.Message}", e);
        }
    }

    public object Deserialize(string manifest, ReadOnlySpan<byte> payload)
    {
        if (!_byManifest.TryGetValue(manifest, out var type))
            throw new JournalSerializationException($"Unknown manifest '{manifest}'.");
        return JsonSerializer.Deserialize(payload, type, options)
            ?? throw new JournalSerializationException($"Manifest '{manifest}' deserialized to null.");
    }
}
