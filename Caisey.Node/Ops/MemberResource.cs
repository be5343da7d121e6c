namespace Caisey.Node.Ops;

/// <summary>A member in <c>GET /ops/v1/cluster</c>.</summary>
public sealed record MemberResource(
    string NodeId, string AdvertisedUrl, string Status, long LastHeartbeatAgeMs, int ShardsOwned, int LiveEntities, bool Self)
{
    public static MemberResource From(ClusterMember member) => new(
        member.NodeId, member.AdvertisedUrl, member.Status, (long)member.LastHeartbeatAge.TotalMilliseconds,
        member.ShardsOwned, member.LiveEntities, member.Self);
}
