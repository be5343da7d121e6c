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

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
