namespace Caisey.Protocol.Frames;

/// <summary>
/// Agent → node: the command ran to completion. The exit code is data: a non-zero exit code is still a
/// finish. <paramref name="OutputBytes"/> counts every byte the process wrote; <paramref name="Truncated"/>
/// is true when the output the agent delivered is shorter than that.
/// </summary>
public sealed record CommandFinished(
    string Id,
    string CommandId,
    int ExitCode,
    long OutputBytes,
    bool Truncated,
    long DurationMs) : Frame(Id)
{
    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(CommandId, "commandId"),
        OutputBytes < 0 ? "'outputBytes' must not be negative" : null,
        DurationMs < 0 ? "'durationMs' must not be negative" : null);
}
