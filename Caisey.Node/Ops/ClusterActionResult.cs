namespace Caisey.Node.Ops;

/// <summary>The answer to <see cref="IClusterView.LeaveAsync"/> or <see cref="IClusterView.DownAsync"/>.</summary>
/// <param name="Outcome">Whether it was taken, and if not, why.</param>
/// <param name="NodeId">The node acted upon.</param>
/// <param name="Detail">A sentence for the operator: what happened, or why not.</param>
public sealed record ClusterActionResult(ClusterActionOutcome Outcome, string NodeId, string Detail)
{
    public static ClusterActionResult Accepted(string nodeId, string detail) => new(ClusterActionOutcome.Accepted, nodeId, detail);

    public static ClusterActionResult UnknownNode(string nodeId) =>
        new(ClusterActionOutcome.UnknownNode, nodeId, $"There is no cluster member '{nodeId}'.");

    public static ClusterActionResult Refused(string nodeId, string detail) => new(ClusterActionOutcome.Refused, nodeId, detail);
}
