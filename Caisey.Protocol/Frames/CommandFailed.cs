namespace Caisey.Protocol.Frames;

/// <summary>
/// Agent → node: the command did not run to completion. <paramref name="Reason"/> is one of
/// <see cref="CommandFailureReasons"/>; <paramref name="Detail"/> says what happened in words.
/// <paramref name="OutputBytes"/> counts the bytes the process wrote before it was stopped, when known.
/// </summary>
public sealed record CommandFailed(
    string Id,
    string CommandId,
    string Reason,
    string? Detail = null,
    long? OutputBytes = null,
    long? DurationMs = null) : Frame(Id)
{
    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(CommandId, "commandId"),
        Required(Reason, "reason"));
}
