using System.Collections.Immutable;
using Caisey.Node.Journal;

namespace Caisey.Node.Cluster;

/// <summary>
/// This node's membership and shard leases: joins, heartbeats, renews, acquires its fair share, hands shards off on
/// rebalance and leave, notices lost leases, and answers the write fence and the routing directory from what it holds.
/// </summary>
/// <remarks>
/// One loop (<see cref="RunAsync"/>) is the only writer of lease state; each tick is one round trip when nothing
/// changes (<see cref="ShardLeaseStore.HeartbeatAsync"/>). Drains run beside the loop, so leases keep being renewed
/// while entities finish; the loop moves a shard's lease only after its drain completed. Placement decisions come
/// from <see cref="ShardAllocator"/>; lease times are database time.
/// </remarks>
public sealed partial class ShardLeaseManager : IWriteFence, IShardDirectory, IClusterOperations
{
    private readonly ClusterOptions _options;
    private readonly ShardLeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ImmutableDictionary<int, HeldShard> _held = ImmutableDictionary<int, HeldShard>.Empty;
    private volatile ClusterView _view = ClusterView.Empty;
    private volatile TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _joined;

    public ShardLeaseManager(ClusterOptions options, ShardLeaseStore store, TimeProvider time, ILogger<ShardLeaseManager> logger,
        IShardOwnershipListener? listener = null)
    {
        _options = options;
        _store = store;
        _time = time;
        _logger = logger;
        NodeId = options.ResolvedNodeId;
        Listener = listener ?? NoShardOwnershipListener.Instance;
    }

    public string NodeId { get; }

    /// <summary>Told of every ownership change; set before <see cref="RunAsync"/>.</summary>
    public IShardOwnershipListener Listener { get; set; }

    /// <summary>Reports this node's live entity count with each heartbeat (shown by <c>cluster show</c>).</summary>
    public Func<int> LiveEntities { get; set; } = static () => 0;

    /// <summary>This node's status as of its last heartbeat; null before it joined.</summary>
    public MemberStatus? Status { get; private set; }

    /// <summary>Completes when this node has left the cluster or noticed it was downed (its loop then ends).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>The shards this node holds now, with their epochs.</summary>
    public IReadOnlyDictionary<int, long> HeldShards => _held.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Epoch);

    /// <summary>Creates or checks the cluster tables and registers this node as <c>up</c>. <see cref="RunAsync"/> calls it if needed.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        if (_joined)
            return;
        await _store.EnsureSchemaAsync(_options.ShardCount, cancellationToken).ConfigureAwait(false);
        await _store.RegisterAsync(NodeId, _options.ResolvedAdvertisedUrl, cancellationToken).ConfigureAwait(false);
        _joined = true;
        Status = MemberStatus.Up;
        LogJoined(_logger, NodeId, _options.ResolvedAdvertisedUrl);
    }

    /// <summary>Heartbeats every <c>heartbeat-interval</c> until this node left or was downed, or until cancelled.</summary>
    /// <remarks>Cancelling is a crash as far as the cluster is concerned: nothing is released, the leases run out. Call
    /// <see cref="LeaveAsync"/> first to leave gracefully. A cancelled loop may be run again (a paused node resuming).</remarks>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await JoinAsync(cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                if (await TickAsync(cancellationToken).ConfigureAwait(false))
                    return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogTickFailed(_logger, e);
            }
            await Task.WhenAny(Task.Delay(_options.HeartbeatInterval, _time, cancellationToken), wake.Task).ConfigureAwait(false);
        }
    }

    private void Wake() => _wake.TrySetResult();

    private readonly record struct HeldShard(long Epoch, long RenewedAt, bool Releasing, string? HandoffTarget);
}
