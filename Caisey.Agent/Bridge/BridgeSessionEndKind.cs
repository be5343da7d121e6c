namespace Caisey.Agent.Bridge;

/// <summary>Why an established bridge ended.</summary>
public enum BridgeSessionEndKind
{
    /// <summary>No work traffic and nothing running for the idle timeout: the agent closed it.</summary>
    Idle,

    /// <summary>The node sent <c>close</c>.</summary>
    ClosedByNode,

    /// <summary>The connection broke or the node hung up without <c>close</c>.</summary>
    Lost,
}
