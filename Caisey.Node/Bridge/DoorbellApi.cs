using Caisey.Node.Cluster;
using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Node.Hosting;
using Caisey.Node.Reachability;

namespace Caisey.Node.Bridge;

/// <summary>
/// <c>GET /agent/v1/doorbell?waitSeconds=N</c>: the agent's cheap wait between bridges. 200 <c>{"ring":true,"reason":"work"}</c>
/// at once when the endpoint has work to deliver (a dispatchable or unacknowledged command, or a cancel), or as soon as
/// some arrives; 204 when the wait ends. A poll is contact (<c>lastContactAt</c>), never reachability.
/// </summary>
public static class DoorbellApi
{
    public sealed record DoorbellAnswer(bool Ring, string Reason);

    public static async Task<IResult> WaitAsync(
        HttpContext http, int? waitSeconds, EndpointCredentialStore credentials, BridgeDoorbell doorbell, BridgeRegistry registry,
        ReachabilityTracker reachability, EndpointGateway endpoints, BridgeOptions options, TimeProvider time)
    {
        var registration = AgentCredentials.Authenticate(http, credentials);
        if (registration is null)
            return AgentCredentials.Unauthorized(http);
        var endpointId = registration.EndpointId;
        reachability.Contact(endpointId);
        var wait = TimeSpan.FromSeconds(Math.Clamp(waitSeconds ?? 25, 0, (int)options.DoorbellMaxWait.TotalSeconds));
        var bell = doorbell.Arm(endpointId);
        var open = await endpoints.AskAsync(endpointId, new GetOpenCommands(), http.RequestAborted).ConfigureAwait(false) as OpenCommands;
        var approval = await endpoints.AskAsync(endpointId, new GetApproval(), http.RequestAborted).ConfigureAwait(false) as EndpointApproval;
        if (approval?.Pending is not null || open?.Commands.Any(c => c.Dispatchable || c.Status == CommandStatus.Dispatched || c.CancelRequested) == true)
        {
            if (registry.Find(endpointId) is null)
                reachability.WorkWaiting(endpointId, true);
            return Ring();
        }
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        using var timer = time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), hold, wait, Timeout.InfiniteTimeSpan);
        await bell.WaitAsync(hold.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return bell.IsCompleted ? Ring() : TypedResults.NoContent();
    }

    private static IResult Ring() => TypedResults.Ok(new DoorbellAnswer(true, "work"));
}
