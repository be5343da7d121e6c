using System.Collections.Concurrent;
using Caisey.Node.Cluster;
using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>A hand-set fence: the epoch this node believes it holds per shard; no entry = no lease.</summary>
internal sealed class TestWriteFence : IWriteFence
{
    private readonly ConcurrentDictionary<int, long> _epochs = new();

    public void Hold(int shardId, long epoch) => _epochs[shardId] = epoch;

    public void Drop(int shardId) => _epochs.TryRemove(shardId, out _);

    public WriteFence? For(string persistenceId)
    {
        var shard = ShardMap.ShardOf(persistenceId);
        return _epochs.TryGetValue(shard, out var epoch) ? new WriteFence(shard, epoch) : null;
    }
}
