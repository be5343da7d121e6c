using System.Collections.Concurrent;
using Caisey.Node.Bridge;
using Caisey.Node.Hosting;
using Caisey.Node.Runtime;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Cluster;

/// <summary>
/// Connects shard leases to the endpoint entities: a node activates only entities of shards it holds
/// (<see cref="Admits"/>), adopts a shard's stored wake-ups when it acquires it, and on a handoff refuses new messages,
/// drains the shard's entities (queued messages finish and persist while the write fence is still valid), then closes
/// the shard's agent bridges with <c>WrongNode</c> so the agents reconnect and are redirected to the new owner.
/// </summary>
public sealed partial class EndpointShardListener(
    NodeRuntime runtime,
    BridgeRegistry bridges,
    ClusterOptions options,
    TimeProvider time,
    ILogger<EndpointShardListener> logger) : IShardOwnershipListener, IDisposable
{
    private readonly ConcurrentDictionary<int, long> _admitted = new();
    private readonly HashSet<BridgeSession> _strays = [];
    private ITimer? _sweeper;

    /// <summary>
    /// Starts the stray-bridge sweep: every heartbeat, a bridge held here for an endpoint whose shard this node does not
    /// hold (seen twice in a row, so a bridge accepted a moment before its shard's acquisition is not caught) is closed
    /// with <c>WrongNode</c>; its agent reconnects and is sent to the owner. This closes the races a handoff leaves
    /// (an agent that reconnected to the old owner while its shard was moving).
    /// </summary>
    public void StartSweeping() =>
        _sweeper ??= time.CreateTimer(static s => ((EndpointShardListener)s!).SweepStrays(), this, options.HeartbeatInterval, options.HeartbeatInterval);

    public void Dispose() => _sweeper?.Dispose();

    private void SweepStrays()
    {
        lock (_strays)
        {
            var now = bridges.All.Where(s => !Admits(s.EndpointId)).ToHashSet();
            foreach (var session in now.Where(_strays.Contains))
                session.Close(BridgeCloseCodes.WrongNode, "this endpoint is served by another node: reconnect", retryAfterMs: 0);
            _strays.Clear();
            _strays.UnionWith(now.Where(s => !s.IsClosing));
        }
    }

    /// <summary>The entity host's admission: only entities of shards this node holds are activated here.</summary>
    public bool Admits(string entityId) => _admitted.ContainsKey(ShardMap.ShardOf(entityId, options.ShardCount));

    public int AdmittedShards => _admitted.Count;

    public async Task OnAcquiredAsync(int shardId, long epoch, CancellationToken cancellationToken)
    {
        _admitted[shardId] = epoch;
        var wakeups = await runtime.LoadWakeupsAsync([shardId], options.ShardCount, cancellationToken).ConfigureAwait(false);
        runtime.Endpoints.AdoptWakeups(wakeups);
        LogAcquired(shardId, epoch, wakeups.Count);
    }

    public async Task OnReleasingAsync(int shardId, CancellationToken cancellationToken)
    {
        _admitted.TryRemove(shardId, out _);
        await runtime.Endpoints.DrainAsync(id => InShard(id, shardId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var closed = CloseBridges(shardId);
        LogReleased(shardId, closed);
    }

    public void OnLost(int shardId)
    {
        _admitted.TryRemove(shardId, out _);
        _ = runtime.Endpoints.DrainAsync(id => InShard(id, shardId));
        var closed = CloseBridges(shardId);
        LogLost(shardId, closed);
    }

    private bool InShard(string entityId, int shardId) => ShardMap.ShardOf(entityId, options.ShardCount) == shardId;

    private int CloseBridges(int shardId)
    {
        var closed = 0;
        foreach (var session in bridges.All.Where(s => InShard(s.EndpointId, shardId)))
        {
            session.Close(BridgeCloseCodes.WrongNode, "this endpoint moved to another node: reconnect", retryAfterMs: 0);
            closed++;
        }
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {ShardId} acquired at epoch {Epoch}; {Wakeups} wake-ups adopted")]
    private partial void LogAcquired(int shardId, long epoch, int wakeups);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {ShardId} handed off: entities drained, {Bridges} bridges sent to the new owner")]
    private partial void LogReleased(int shardId, int bridges);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {ShardId} lost without a handoff: entities stopped, {Bridges} bridges closed")]
    private partial void LogLost(int shardId, int bridges);
}
