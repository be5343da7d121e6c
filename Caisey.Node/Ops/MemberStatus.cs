namespace Caisey.Node.Ops;

/// <summary>The states of a cluster member (<c>cluster_nodes.status</c>).</summary>
public static class MemberStatus
{
    public const string Up = "up";
    public const string Leaving = "leaving";
    public const string Left = "left";
    public const string Down = "down";
}
