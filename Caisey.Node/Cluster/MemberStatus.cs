namespace Caisey.Node.Cluster;

/// <summary>A member's lifecycle, stored in <c>cluster_nodes.status</c>.</summary>
public enum MemberStatus
{
    /// <summary>Serving and eligible for shards.</summary>
    Up,

    /// <summary>Handing its shards off; gets no new ones.</summary>
    Leaving,

    /// <summary>Left gracefully; holds nothing and no longer heartbeats.</summary>
    Left,

    /// <summary>Fenced by an operator: its leases were expired at once and it must stop its entities.</summary>
    Down,
}

/// <summary>The text form of <see cref="MemberStatus"/> in the database.</summary>
public static class MemberStatuses
{
    public static string ToDatabase(this MemberStatus status) => status switch
    {
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Left => "left",
        _ => "down",
    };

    public static MemberStatus Parse(string status) => status switch
    {
        "up" => MemberStatus.Up,
        "leaving" => MemberStatus.Leaving,
        "left" => MemberStatus.Left,
        _ => MemberStatus.Down,
    };
}
