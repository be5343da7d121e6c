using Caisey.Node.Journal;

namespace Caisey.Node.Cluster;

/// <summary>The write fence, the routing directory and the ops views, all answered from memory.</summary>
public sealed partial class ShardLeaseManager
{
    /// <inheritdoc />
    /// <remarks>Null unless this node holds the shard's lease and its last renewal is younger than
    /// <c>lease-duration</c> minus a safety margin (one heartbeat), measured on this node's monotonic clock from
    /// before the renewal was sent, so that it errs early. The journal still checks the lease in the database.</remarks>
    public WriteFence? For(string persistenceId)
    {
        var shardId = ShardOf(persistenceId);
        if (!_held.TryGetValue(shardId, out var held))
            return null;
        return _time.GetElapsedTime(held.RenewedAt) < _options.LeaseDuration - _options.FenceSafetyMargin
            ? new WriteFence(shardId, held.Epoch)
            : null;
    }

    public int ShardOf(string entityId) => ShardMap.ShardOf(entityId, _options.ShardCount);

    public ShardOwner? OwnerOf(string entityId)
    {
        var shardId = ShardOf(entityId);
        var view = _view;
        var shard = shardId < view.Shards.Count && view.Shards[shardId].ShardId == shardId
            ? view.Shards[shardId]
            : view.Shards.FirstOrDefault(s => s.ShardId == shardId);
        if (shard?.LiveOwner is not { } owner)
            return null;
        var member = view.Members.FirstOrDefault(m => m.NodeId == owner);
        return member is null ? null : new ShardOwner(owner, member.AdvertisedUrl, shard.Epoch);
    }

    public IReadOnlyList<MemberInfo> Members()
    {
        var view = _view;
        var owned = view.Shards.Where(s => s.LiveOwner is not null).CountBy(s => s.LiveOwner!).ToDictionary();
        return view.Members
            .Select(m => new MemberInfo(m.NodeId, m.AdvertisedUrl, m.Status, m.HeartbeatAge, owned.GetValueOrDefault(m.NodeId), m.LiveEntities))
            .ToList();
    }

    public IReadOnlyList<ShardState> Shards() => _view.Shards;
}
