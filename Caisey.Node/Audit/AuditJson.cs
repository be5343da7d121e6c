using System.Text.Json;
using System.Text.Json.Serialization;
using Caisey.Node.Api;

namespace Caisey.Node.Audit;

/// <summary>How audit details are written: compact camelCase JSON, nulls left out, times as the API writes them.</summary>
public static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new UtcDateTimeOffsetConverter() },
    };

    public static string Serialize(object detail) => JsonSerializer.Serialize(detail, detail.GetType(), Options);
}
