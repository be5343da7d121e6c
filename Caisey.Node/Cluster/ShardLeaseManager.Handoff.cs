using System.Collections.Concurrent;

namespace Caisey.Node.Cluster;

/// <summary>
/// Graceful handoff: mark the shard for its target, drain its entities (the listener's
/// <see cref="IShardOwnershipListener.OnReleasingAsync"/>, beside the loop so that leases keep being renewed), and only
/// then move the lease in one statement (owner = target, epoch + 1). The target learns of it on its next heartbeat, so
/// its <see cref="IShardOwnershipListener.OnAcquiredAsync"/> always follows the drain.
/// </summary>
public sealed partial class ShardLeaseManager
{
    private readonly ConcurrentQueue<int> _drained = new();

    private async Task StartHandoffsAsync(IReadOnlyList<ShardHandoff> handoffs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var next = _held.ToBuilder();
            foreach (var handoff in handoffs)
                next[handoff.ShardId] = next[handoff.ShardId] with { Releasing = true, HandoffTarget = handoff.To };
            _held = next.ToImmutable();
        }
        LogHandingOff(_logger, handoffs.Count, string.Join(' ', handoffs.Select(h => $"{h.ShardId}->{h.To ?? "(released)"}")));
        try
        {
            await _store.MarkHandoffsAsync(NodeId, handoffs, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The mark only informs others and ops; the drains start even when it failed.
            foreach (var handoff in handoffs)
                _ = DrainAsync(handoff.ShardId);
        }
    }

    private async Task DrainAsync(int shardId)
    {
        using var timeout = new CancellationTokenSource(_options.HandoffTimeout, _time);
        try
        {
            await Listener.OnReleasingAsync(shardId, timeout.Token).WaitAsync(_options.HandoffTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            LogDrainTimedOut(_logger, shardId, _options.HandoffTimeout);
        }
        catch (Exception e)
        {
            LogListenerFailed(_logger, nameof(IShardOwnershipListener.OnReleasingAsync), shardId, e);
        }
        _drained.Enqueue(shardId);
        Wake();
    }

    /// <summary>Moves the leases of shards whose drain completed. They leave the fence first: their entities are stopped.</summary>
    private async Task TransferDrainedAsync(CancellationToken cancellationToken)
    {
        var transfers = new List<(int ShardId, long Epoch, string? Target)>();
        lock (_gate)
        {
            var next = _held.ToBuilder();
            while (_drained.TryDequeue(out var shardId))
                if (next.TryGetValue(shardId, out var held) && held.Releasing)
                {
                    transfers.Add((shardId, held.Epoch, held.HandoffTarget));
                    next.Remove(shardId);
                }
            _held = next.ToImmutable();
        }
        if (transfers.Count == 0)
            return;
        // If this statement fails the shards are still ours in the database: the next renewal hands them back (OnAcquired).
        var moved = await _store.TransferAsync(NodeId, transfers, _options.LeaseDuration, _options.NodeTimeout, cancellationToken).ConfigureAwait(false);
        var byShard = moved.ToDictionary(l => l.ShardId);
        LogHandedOff(_logger, moved.Count, string.Join(' ', moved.OrderBy(l => l.ShardId).Select(l => $"{l.ShardId}->{l.Owner ?? "(released)"}@{l.Epoch}")));
        foreach (var transfer in transfers.Where(t => !byShard.ContainsKey(t.ShardId)))
            LogHandoffAbandoned(_logger, transfer.ShardId, transfer.Epoch);
    }
}
