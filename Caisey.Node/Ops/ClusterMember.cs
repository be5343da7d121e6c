namespace Caisey.Node.Ops;

/// <summary>One member of the cluster as the ops surface shows it.</summary>
/// <param name="NodeId">The member's node id.</param>
/// <param name="AdvertisedUrl">Where other nodes (and the ops CLI) reach it.</param>
/// <param name="Status">One of <see cref="MemberStatus"/>: <c>up</c>, <c>leaving</c>, <c>left</c>, <c>down</c>.</param>
/// <param name="LastHeartbeatAge">Time since its last heartbeat; zero for this node (it is answering).</param>
/// <param name="ShardsOwned">Shards whose lease it holds.</param>
/// <param name="LiveEntities">Entities active on it (as it last reported, for other members).</param>
/// <param name="Self">True for the node answering.</param>
public sealed record ClusterMember(
    string NodeId,
    string AdvertisedUrl,
    string Status,
    TimeSpan LastHeartbeatAge,
    int ShardsOwned,
    int LiveEntities,
    bool Self);
