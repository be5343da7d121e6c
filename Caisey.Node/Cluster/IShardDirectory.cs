namespace Caisey.Node.Cluster;

/// <summary>The node that holds a shard's lease, and the epoch it writes under.</summary>
public readonly record struct ShardOwner(string NodeId, string AdvertisedUrl, long Epoch);

/// <summary>Routing: which node serves an entity, from the cluster view refreshed every heartbeat.</summary>
public interface IShardDirectory
{
    /// <summary>The shard <paramref name="entityId"/> belongs to.</summary>
    int ShardOf(string entityId);

    /// <summary>The live owner of <paramref name="entityId"/>'s shard; null while the shard is unowned or its lease expired
    /// (a handoff or failover is under way: retry after a heartbeat).</summary>
    ShardOwner? OwnerOf(string entityId);
}
