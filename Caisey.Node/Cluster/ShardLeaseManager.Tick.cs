using System.Collections.Immutable;

namespace Caisey.Node.Cluster;

public sealed partial class ShardLeaseManager
{
    /// <summary>One heartbeat. Returns true when the loop must end (left, or downed).</summary>
    private async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        await TransferDrainedAsync(cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        var beat = await _store.HeartbeatAsync(NodeId, CountLiveEntities(), _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        _view = beat.View;
        Status = beat.Status ?? MemberStatus.Down;
        await ReconcileAsync(beat.Renewed, started, cancellationToken).ConfigureAwait(false);

        if (Status is MemberStatus.Down or MemberStatus.Left)
        {
            LoseAll();
            LogStopped(_logger, NodeId, Status.Value);
            _stopped.TrySetResult();
            return true;
        }
        var held = _held;
        if (held.Values.Any(h => h.Releasing))
            return false;
        if (Status == MemberStatus.Leaving && held.IsEmpty)
        {
            await _store.ChangeStatusAsync(NodeId, MemberStatus.Leaving, MemberStatus.Left, cancellationToken).ConfigureAwait(false);
            Status = MemberStatus.Left;
            LogLeft(_logger, NodeId);
            _stopped.TrySetResult();
            return true;
        }

        var plan = ShardAllocator.Plan(beat.View, NodeId, _options.ShardCount, _options.NodeTimeout);
        if (plan.Acquire > 0)
            await AcquireAsync(plan.Acquire, cancellationToken).ConfigureAwait(false);
        var handoffs = plan.Handoffs.Where(h => held.ContainsKey(h.ShardId)).ToList();
        if (handoffs.Count > 0)
            await StartHandoffsAsync(handoffs, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Compares what the database renewed with what this node believes it holds: a shard missing or under another
    /// epoch is lost; a shard it did not know it held was handed to it.</summary>
    private async Task ReconcileAsync(IReadOnlyList<ShardLease> renewed, long renewedAt, CancellationToken cancellationToken)
    {
        var lost = new List<(int ShardId, long Epoch)>();
        var granted = new List<ShardLease>();
        lock (_gate)
        {
            var current = _held;
            var next = current.ToBuilder();
            var renewedEpochs = renewed.ToDictionary(l => l.ShardId, l => l.Epoch);
            foreach (var (shardId, held) in current)
            {
                if (renewedEpochs.TryGetValue(shardId, out var epoch) && epoch == held.Epoch)
                {
                    next[shardId] = held with { RenewedAt = renewedAt };
                    continue;
                }
                next.Remove(shardId);
                lost.Add((shardId, held.Epoch));
            }
            foreach (var lease in renewed)
                if (!next.ContainsKey(lease.ShardId))
                {
                    next[lease.ShardId] = new HeldShard(lease.Epoch, renewedAt, Releasing: false, HandoffTarget: null);
                    granted.Add(lease);
                }
            _held = next.ToImmutable();
        }
        NotifyLost(lost);
        await NotifyAcquiredAsync(granted, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcquireAsync(int count, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var acquired = await _store.AcquireAsync(NodeId, count, _options.LeaseDuration, _options.NodeTimeout, cancellationToken).ConfigureAwait(false);
        if (acquired.Count == 0)
            return;
        lock (_gate)
            _held = _held.SetItems(acquired.Select(l => KeyValuePair.Create(l.ShardId, new HeldShard(l.Epoch, started, Releasing: false, HandoffTarget: null))));
        await NotifyAcquiredAsync(acquired, cancellationToken).ConfigureAwait(false);
    }

    private void LoseAll()
    {
        ImmutableDictionary<int, HeldShard> held;
        lock (_gate)
        {
            held = _held;
            _held = ImmutableDictionary<int, HeldShard>.Empty;
        }
        NotifyLost(held.Select(kv => (kv.Key, kv.Value.Epoch)).ToList());
    }

    private void NotifyLost(List<(int ShardId, long Epoch)> lost)
    {
        if (lost.Count == 0)
            return;
        LogLost(_logger, lost.Count, Describe(lost));
        foreach (var (shardId, _) in lost)
        {
            try
            {
                Listener.OnLost(shardId);
            }
            catch (Exception e)
            {
                LogListenerFailed(_logger, nameof(IShardOwnershipListener.OnLost), shardId, e);
            }
        }
    }

    private async Task NotifyAcquiredAsync(IReadOnlyList<ShardLease> acquired, CancellationToken cancellationToken)
    {
        if (acquired.Count == 0)
            return;
        LogAcquired(_logger, acquired.Count, Describe(acquired.Select(l => (l.ShardId, l.Epoch))));
        foreach (var lease in acquired)
        {
            try
            {
                await Listener.OnAcquiredAsync(lease.ShardId, lease.Epoch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogListenerFailed(_logger, nameof(IShardOwnershipListener.OnAcquiredAsync), lease.ShardId, e);
            }
        }
    }

    private int CountLiveEntities()
    {
        try
        {
            return LiveEntities();
        }
        catch (Exception e)
        {
            LogListenerFailed(_logger, nameof(LiveEntities), -1, e);
            return 0;
        }
    }

    private static string Describe(IEnumerable<(int ShardId, long Epoch)> shards) =>
        string.Join(' ', shards.OrderBy(s => s.ShardId).Select(s => $"{s.ShardId}@{s.Epoch}"));
}
