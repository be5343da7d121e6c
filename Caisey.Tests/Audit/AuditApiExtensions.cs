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

    /// <summary>
    /// The audit log once it holds <paramref name="count"/> records of <paramref name="action"/>: live command records are
    /// written by the audit writer after the entity moved on (the journal is the source of truth), so they trail the API by
    /// a commit. Fails with what was seen when they do not arrive within 10 s.
    /// </summary>
    public static async Task<List<JsonElement>> AuditWhenAsync(this HttpClient client, string action, int count, string query = "")
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var records = await client.AuditAsync(query);
            var seen = records.Count(r => r.Action() == action);
            if (seen >= count)
                return records;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} '{action}' audit records within 10 s; saw {seen}.");
            await Task.Delay(20);
        }
    }
}
