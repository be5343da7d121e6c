namespace Caisey.Node.Ops;

/// <summary>How a cluster action (leave, down) ended; the ops API maps it to 202, 404 or 409.</summary>
public enum ClusterActionOutcome
{
    /// <summary>The action was taken (or started: a leave completes once the handoffs are done).</summary>
    Accepted,

    /// <summary>No member has that node id.</summary>
    UnknownNode,

    /// <summary>The action cannot be taken in the current state (not clustered, already left, the last member...).</summary>
    Refused,
}
