namespace Caisey.Protocol.Frames;

/// <summary>
/// Agent → node, the first frame on a new bridge. <paramref name="LastAckedIds"/> lists the ids of the
/// frames the agent most recently saw acknowledged, so the node can tell what it must resend.
/// The node answers with <see cref="Welcome"/> (or <see cref="Close"/>).
/// </summary>
public sealed record Hello(
    string Id,
    string EndpointId,
    string AgentVersion,
    int ProtocolVersion,
    IReadOnlyList<string> LastAckedIds) : Frame(Id)
{
    public override bool ExpectsAck => false;

    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(EndpointId, "endpointId"),
        Required(AgentVersion, "agentVersion"),
        ProtocolVersion < 1 ? "'protocolVersion' must be at least 1" : null);
}
