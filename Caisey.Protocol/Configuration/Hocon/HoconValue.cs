using System.Text;
using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// A HOCON value: <see cref="HoconObject"/>, <see cref="HoconArray"/>, <see cref="HoconString"/>,
/// <see cref="HoconNumber"/>, <see cref="HoconBoolean"/> or <see cref="HoconNull"/>. Values handed out
/// by <see cref="HoconDocument.Resolve"/> are fully resolved.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue()
    {
    }

    /// <summary>False while the value still holds substitutions or concatenations (parser-internal).</summary>
    internal abstract bool IsResolved { get; }

    /// <summary>Writes the value as JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!IsResolved)
        {
            throw new InvalidOperationException("An unresolved HOCON value cannot be written as JSON; resolve the document first.");
        }

        WriteJson(writer);
    }

    /// <summary>The value as JSON text.</summary>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal abstract void WriteJson(Utf8JsonWriter writer);
}
