using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>
/// How a command ended. <see cref="Succeeded"/> means it ran to completion, whatever its exit code;
/// otherwise <see cref="FailureReason"/> is one of <see cref="CommandFailureReasons"/>.
/// </summary>
/// <param name="OutputBytes">Bytes the process wrote to stdout and stderr that the agent saw.</param>
/// <param name="Truncated">True when the captured output is shorter than what the process wrote.</param>
public sealed record CommandResult(
    string CommandId,
    int? ExitCode,
    string? FailureReason,
    string? Detail,
    long OutputBytes,
    bool Truncated,
    long DurationMs)
{
    public bool Succeeded => FailureReason is null;

    public static CommandResult Completed(string commandId, int exitCode, long outputBytes, bool truncated, long durationMs) =>
        new(commandId, exitCode, null, null, outputBytes, truncated, durationMs);

    public static CommandResult Failed(string commandId, string reason, string detail, long outputBytes = 0, long durationMs = 0) =>
        new(commandId, null, reason, detail, outputBytes, reason == CommandFailureReasons.OutputLimit, durationMs);

    /// <summary>The frame that reports this result to the node.</summary>
    public Frame ToFrame(string frameId) => Succeeded
        ? new CommandFinished(frameId, CommandId, ExitCode ?? 0, OutputBytes, Truncated, DurationMs)
        : new CommandFailed(frameId, CommandId, FailureReason!, Detail, OutputBytes, DurationMs);
}
