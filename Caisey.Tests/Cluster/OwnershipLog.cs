using System.Collections.Concurrent;
using System.Diagnostics;
using Caisey.Node.Cluster;

namespace Caisey.Tests.Cluster;

internal enum OwnershipChange
{
    Acquired,
    Releasing,
    Released,
    Lost,
}

internal sealed record OwnershipEvent(long Sequence, long Timestamp, string Node, OwnershipChange Change, int ShardId, long Epoch);

/// <summary>Every listener call of every node in one ordered log, to check that a shard never has two owners at once.</summary>
internal sealed class OwnershipLog
{
    private readonly Lock _gate = new();
    private readonly List<OwnershipEvent> _events = [];

    public IReadOnlyList<OwnershipEvent> Events
    {
        get
        {
            lock (_gate)
                return _events.ToList();
        }
    }

    public Listener For(string node, TimeSpan drainTime) => new(this, node, drainTime);

    private void Add(string node, OwnershipChange change, int shardId, long epoch)
    {
        lock (_gate)
            _events.Add(new OwnershipEvent(_events.Count, Stopwatch.GetTimestamp(), node, change, shardId, epoch));
    }

    /// <summary>Problems in the log: a node acquiring a shard before its previous holder finished draining it (a handoff
    /// that overlapped), or a shard acquired under an epoch not above every earlier one. An acquisition while the
    /// holder has not yet noticed its lease expired (it reports Lost afterwards) is a failover, not a violation.</summary>
    public IReadOnlyList<string> Violations(IReadOnlySet<string>? crashed = null)
    {
        var holder = new Dictionary<int, (string Node, long Epoch)>();
        var lastEpoch = new Dictionary<int, long>();
        var violations = new List<string>();
        var events = Events;
        foreach (var e in events)
        {
            switch (e.Change)
            {
                case OwnershipChange.Acquired:
                    // The holder learns later that its lease ran out (Lost): a failover, fenced by the higher epoch.
                    // A holder that drains later (Released) or never hears of it (unless crashed) shared the shard.
                    if (holder.TryGetValue(e.ShardId, out var h) && !(crashed?.Contains(h.Node) ?? false)
                        && events.FirstOrDefault(n => n.Sequence > e.Sequence && n.Node == h.Node && n.ShardId == e.ShardId)?.Change != OwnershipChange.Lost)
                        violations.Add($"#{e.Sequence}: {e.Node} acquired shard {e.ShardId}@{e.Epoch} while {h.Node} still held it @{h.Epoch} [{History(e.ShardId)}]");
                    if (lastEpoch.TryGetValue(e.ShardId, out var last) && e.Epoch <= last)
                        violations.Add($"#{e.Sequence}: {e.Node} acquired shard {e.ShardId} under epoch {e.Epoch}, not above the earlier {last}");
                    holder[e.ShardId] = (e.Node, e.Epoch);
                    lastEpoch[e.ShardId] = e.Epoch;
                    break;
                case OwnershipChange.Released or OwnershipChange.Lost:
                    if (holder.TryGetValue(e.ShardId, out var held) && held.Node == e.Node)
                        holder.Remove(e.ShardId);
                    break;
            }
        }
        return violations;
    }

    /// <summary>Each shard's holder as the listeners were told: the last node that acquired it and has not released or lost it since.</summary>
    public Dictionary<int, string> Holders()
    {
        var holders = new Dictionary<int, string>();
        foreach (var e in Events)
        {
            if (e.Change == OwnershipChange.Acquired)
                holders[e.ShardId] = e.Node;
            else if (e.Change is OwnershipChange.Released or OwnershipChange.Lost && holders.GetValueOrDefault(e.ShardId) == e.Node)
                holders.Remove(e.ShardId);
        }
        return holders;
    }

    /// <summary>One shard's history, for failure messages: node, change, epoch, milliseconds since the first event.</summary>
    public string History(int shardId)
    {
        var events = Events;
        var start = events.Count > 0 ? events[0].Timestamp : 0;
        return string.Join(" | ", events.Where(e => e.ShardId == shardId)
            .Select(e => $"#{e.Sequence} {e.Node} {e.Change}@{e.Epoch} +{Stopwatch.GetElapsedTime(start, e.Timestamp).TotalMilliseconds:0}ms"));
    }

    internal sealed class Listener(OwnershipLog log, string node, TimeSpan drainTime) : IShardOwnershipListener
    {
        private readonly ConcurrentDictionary<int, long> _epochs = new();

        public async Task OnAcquiredAsync(int shardId, long epoch, CancellationToken cancellationToken)
        {
            _epochs[shardId] = epoch;
            log.Add(node, OwnershipChange.Acquired, shardId, epoch);
            await Task.Yield();
        }

        /// <summary>Simulates in-flight work finishing: the drain takes <c>drainTime</c>.</summary>
        public async Task OnReleasingAsync(int shardId, CancellationToken cancellationToken)
        {
            var epoch = _epochs.GetValueOrDefault(shardId);
            log.Add(node, OwnershipChange.Releasing, shardId, epoch);
            await Task.Delay(drainTime, cancellationToken);
            log.Add(node, OwnershipChange.Released, shardId, epoch);
        }

        public void OnLost(int shardId) => log.Add(node, OwnershipChange.Lost, shardId, _epochs.GetValueOrDefault(shardId));
    }
}
