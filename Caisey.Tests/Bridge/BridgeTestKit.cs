using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Reachability;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Bridge;

/// <summary>Helpers for bridge tests: enroll through the API, queue through the runtime, wait on reachability signals.</summary>
public static class BridgeTestKit
{
    public sealed record Enrolled(string EndpointId, string Credential);

    public static async Task<string> IssueTokenAsync(TestNode node, int maxUses = 1)
    {
        using var api = await node.LoginAsync();
        var response = await api.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses, expiresInMinutes = 10 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public static async Task<Enrolled> EnrollAsync(TestNode node, string hostname = "pc-1")
    {
        var token = await IssueTokenAsync(node);
        var response = await node.Http.PostAsJsonAsync("/agent/v1/enroll", new { enrollmentToken = token, hostname, os = "linux", agentVersion = "1.0" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Enrolled(body.GetProperty("endpointId").GetString()!, body.GetProperty("credential").GetString()!);
    }

    public static NodeRuntime Runtime(this TestNode node) => node.App.Services.GetRequiredService<NodeRuntime>();

    public static IReachabilityTracker Reachability(this TestNode node) => node.App.Services.GetRequiredService<IReachabilityTracker>();

    public static async Task<CommandView> QueueAsync(this TestNode node, string endpointId, string commandId, string script, int? timeoutSeconds = 30) =>
        Assert.IsType<CommandView>(await node.Runtime().Endpoints.AskAsync(endpointId, new QueueCommand(commandId, script, "tech", "sh", timeoutSeconds)));

    public static async Task<CommandView> CommandAsync(this TestNode node, string endpointId, string commandId) =>
        Assert.IsType<CommandView>(await node.Runtime().Endpoints.AskAsync(endpointId, new GetCommand(commandId)));

    /// <summary>Waits (on <see cref="IReachabilityTracker.Changed"/>, bounded) until the endpoint's reachability matches.</summary>
    public static async Task<ReachabilityView> WaitForReachabilityAsync(
        this TestNode node, string endpointId, Func<ReachabilityView, bool> match, string expected, TimeSpan? within = null)
    {
        var tracker = node.Reachability();
        var seen = new TaskCompletionSource<ReachabilityView>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(string id)
        {
            if (id == endpointId && tracker.Get(endpointId) is var view && match(view))
                seen.TrySetResult(view);
        }
        tracker.Changed += Check;
        try
        {
            Check(endpointId);
            var limit = within ?? TestAgent.Patience;
            try
            {
                return await seen.Task.WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Expected reachability of {endpointId} to be {expected} within {limit.TotalSeconds} s; it is {tracker.Get(endpointId)}.");
            }
        }
        finally
        {
            tracker.Changed -= Check;
        }
    }
}
