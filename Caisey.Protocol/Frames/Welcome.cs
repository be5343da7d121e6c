namespace Caisey.Protocol.Frames;

/// <summary>
/// Node → agent, the answer to <see cref="Hello"/>: the bridge is open.
/// <paramref name="CorrelationId"/> is the hello's id; <paramref name="IdleTimeoutMs"/> is how long the node
/// keeps an idle bridge open.
/// </summary>
public sealed record Welcome(
    string Id,
    string CorrelationId,
    string NodeId,
    int ProtocolVersion,
    long IdleTimeoutMs) : Frame(Id)
{
    public override bool ExpectsAck => false;

    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(CorrelationId, "correlationId"),
        Required(NodeId, "nodeId"),
        ProtocolVersion < 1 ? "'protocolVersion' must be at least 1" : null,
        IdleTimeoutMs < 0 ? "'idleTimeoutMs' must not be negative" : null);
}
