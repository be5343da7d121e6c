using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caisey.Node.Api;

/// <summary>Writes times as ISO 8601 UTC with milliseconds (<c>2025-01-31T09:30:00.123Z</c>); reads any ISO 8601 time.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // Formatted on the stack: every command view, audit detail and live event writes several times.
        Span<char> text = stackalloc char[32];
        if (value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture))
            writer.WriteStringValue(text[..written]);
        else
            writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
    }
}
