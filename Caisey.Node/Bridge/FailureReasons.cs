using Caisey.Node.Endpoints;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>Maps the wire's failure reasons (<see cref="CommandFailureReasons"/>) to the endpoint's typed ones.</summary>
public static class FailureReasons
{
    /// <summary>A reason this node does not know (a newer agent) becomes <see cref="FailureReason.Error"/>.</summary>
    public static FailureReason FromWire(string reason) => reason switch
    {
        CommandFailureReasons.TimedOut => FailureReason.TimedOut,
        CommandFailureReasons.AgentRestarted => FailureReason.AgentRestarted,
        CommandFailureReasons.Rejected => FailureReason.Rejected,
        CommandFailureReasons.ApprovalDenied => FailureReason.ApprovalDenied,
        CommandFailureReasons.OutputLimit => FailureReason.OutputLimit,
        CommandFailureReasons.Cancelled => FailureReason.Cancelled,
        _ => FailureReason.Error,
    };
}
