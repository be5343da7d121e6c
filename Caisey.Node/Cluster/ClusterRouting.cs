using System.Diagnostics;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;

namespace Caisey.Node.Cluster;

/// <summary>
/// Sends an endpoint message to its shard's owner: the local entity host when this node holds the lease, another
/// node over HTTP otherwise. While a shard moves (no owner, a stale directory, a fenced append, a refused or failed
/// hop) it waits for a newer directory and retries with backoff until <see cref="ClusterPeers.RouteTimeout"/>.
/// </summary>
/// <remarks>
/// Retrying is safe because every endpoint message is idempotent by its ids (a command id already queued answers with
/// the stored command; acks and results of a finished command change nothing), so a hop that failed after the owner
/// processed it does not run anything twice.
/// </remarks>
public sealed partial class ClusterRouting(
    NodeRuntime runtime, IShardDirectory directory, IClusterOperations members, ClusterOptions options, ClusterPeers peers,
    IServiceProvider services, ILogger<ClusterRouting> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMilliseconds(500);

    private readonly string _self = options.ResolvedNodeId;

    public bool IsSelf(ShardOwner owner) => owner.NodeId == _self;

    /// <summary>
    /// Where an agent's bridge belongs now: here (this node holds the lease), at another live owner, or nowhere yet —
    /// no owner, or an owner that missed two heartbeats (probably dead; its lease will move): the agent should retry shortly.
    /// </summary>
    public (ShardOwner? Owner, bool Moving) BridgeTarget(string endpointId)
    {
        if (directory.OwnerOf(endpointId) is not { } owner)
            return (null, true);
        if (IsSelf(owner))
            return (owner, !services.GetRequiredService<EndpointShardListener>().Admits(endpointId)); // here, unless handing it off
        var member = members.Members().FirstOrDefault(m => m.NodeId == owner.NodeId);
        var suspect = member is null || member.HeartbeatAge > 2 * options.HeartbeatInterval;
        return (owner, suspect);
    }

    public async Task<object?> AskAsync(string endpointId, IEndpointMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = FirstRetry;
        Exception? last = null;
        for (var attempt = 1; ; attempt++)
        {
            var owner = directory.OwnerOf(endpointId);
            try
            {
                if (owner is { } local && IsSelf(local))
                    return await runtime.Endpoints.AskAsync(endpointId, message, cancellationToken).ConfigureAwait(false);
                if (owner is { } remote)
                {
                    var answer = await peers.AskAsync(remote, endpointId, message, cancellationToken).ConfigureAwait(false);
                    if (answer.Delivered)
                        return answer.Reply;
                    last = new EntityNotHostedException(endpointId);
                }
            }
            catch (Exception e) when (e is EntityNotHostedException or JournalFencedException or HttpRequestException
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e;
            }
            var waited = Stopwatch.GetElapsedTime(started);
            if (waited >= peers.RouteTimeout)
                throw new ShardUnavailableException(endpointId, waited, last);
            LogRetry(endpointId, attempt, owner?.NodeId, last?.Message);
            // The directory refreshes on every heartbeat: wait for a newer view of the lease table.
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Routing to endpoint {EndpointId}: attempt {Attempt} via {Owner} did not land ({Reason}); retrying")]
    private partial void LogRetry(string endpointId, int attempt, string? owner, string? reason);
}
