using System.Text.Json;
using Caisey.Tests.Api;

namespace Caisey.Tests.Audit;

/// <summary>Reads <c>GET /api/v1/audit</c> in tests.</summary>
public static class AuditApiExtensions
{
    public static readonly string[] ReachabilityStates = ["reachable", "connecting", "retrying", "unreachable", "never-connected"];

    public static async Task<List<JsonElement>> AuditAsync(this HttpClient client, string query = "")
    {
        var records = await client.GetJsonAsync("/api/v1/audit" + query);
        return [.. records.EnumerateArray()];
    }

    /// <summary>The command's records (cancel requests included), oldest first.</summary>
    public static async Task<List<JsonElement>> CommandAuditAsync(this HttpClient client, string endpointId, string commandId) =>
        [.. (await client.AuditAsync($"?endpointId={endpointId}")).Where(r => r.GetProperty("target").GetString() == $"endpoints/{endpointId}/commands/{commandId}")];

    public static string Action(this JsonElement record) => record.GetProperty("action").GetString()!;

    public static JsonElement Detail(this JsonElement record) => JsonDocument.Parse(record.GetProperty("detail").GetString()!).RootElement;
}
