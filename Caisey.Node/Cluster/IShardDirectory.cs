namespace Caisey.Node.Cluster;

/// <summary>Which node owns an entity's shard right now, as this node last saw the lease table.</summary>
public interface IShardDirectory
{
    /// <summary>The owner of <paramref name="entityId"/>'s shard, or null while no node holds its lease (it is moving).</summary>
    ShardOwner? OwnerOf(string entityId);

    /// <summary>Re-reads the lease table now (after a misdirected request), instead of waiting for the next tick.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}

/// <summary>A shard's owner: its node id, the URL other nodes and agents reach it at, the lease epoch, and whether it is this node.</summary>
public sealed record ShardOwner(string NodeId, string Url, long Epoch, bool IsSelf);
