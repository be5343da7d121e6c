namespace Caisey.Node.Cluster;

/// <summary>One row of <c>cluster show</c>: a member, how long ago it heartbeated (database clock), what it holds.</summary>
public sealed record MemberInfo(string NodeId, string AdvertisedUrl, MemberStatus Status, TimeSpan HeartbeatAge, int ShardsOwned, int LiveEntities);
