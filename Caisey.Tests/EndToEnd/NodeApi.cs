using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Support;

namespace Caisey.Tests.EndToEnd;

/// <summary>The technician API of a real node, as an admin: what the end-to-end tests submit and poll.</summary>
public sealed class NodeApi(HttpClient admin) : IDisposable
{
    public HttpClient Http => admin;

    public static async Task<NodeApi> LoginAsync(NodeProcessHost node) => new(await node.LoginAsync());

    public async Task<string> CreateEnrollmentTokenAsync()
    {
        var response = await admin.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses = 1, expiresInMinutes = 10 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 for a new enrollment token, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Submits a command and asserts the node accepted it (202); the tag is its idempotency key.</summary>
    public async Task<CommandSnapshot> SubmitAsync(string endpointId, string script, string tag, int timeoutSeconds = 60)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands", new { script, timeoutSeconds, idempotencyKey = tag });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202 for command '{tag}', got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return CommandSnapshot.From(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<CommandSnapshot> GetCommandAsync(string commandId) =>
        CommandSnapshot.From(await admin.GetFromJsonAsync<JsonElement>($"/api/v1/commands/{commandId}"));

    /// <summary>The endpoint's whole command history.</summary>
    public async Task<IReadOnlyList<CommandSnapshot>> HistoryAsync(string endpointId) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray().Select(CommandSnapshot.From)];

    public async Task<string> ReachabilityAsync(string endpointId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/endpoints/{endpointId}")).GetProperty("reachability").GetProperty("state").GetString()!;

    public Task<CommandSnapshot> WaitForCommandAsync(string commandId, Func<CommandSnapshot, bool> done, string expectation, TimeSpan within) =>
        Poll.UntilAsync(() => GetCommandAsync(commandId), done, within, $"command {commandId} {expectation}");

    public Task<CommandSnapshot> WaitForTerminalAsync(string commandId, TimeSpan within) =>
        WaitForCommandAsync(commandId, c => c.IsTerminal, "to reach a terminal state", within);

    /// <summary>Waits until every command of <paramref name="endpointId"/> is terminal; returns the history.</summary>
    public Task<IReadOnlyList<CommandSnapshot>> WaitForAllTerminalAsync(string endpointId, int expectedCount, TimeSpan within) =>
        Poll.UntilAsync(() => HistoryAsync(endpointId), h => h.Count == expectedCount && h.All(c => c.IsTerminal), within,
            $"all {expectedCount} commands of endpoint {endpointId} to reach a terminal state",
            h => $"{h.Count} commands, " + string.Join(", ", h.GroupBy(c => c.Status).Select(g => $"{g.Key}={g.Count()}")));

    public Task<string> WaitForReachabilityAsync(string endpointId, Func<string, bool> done, string expectation, TimeSpan within) =>
        Poll.UntilAsync(() => ReachabilityAsync(endpointId), done, within, $"endpoint {endpointId} {expectation}", s => s);

    public void Dispose() => admin.Dispose();
}
