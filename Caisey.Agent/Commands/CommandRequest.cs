using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>A command to run on this machine, as the runner sees it.</summary>
/// <param name="Shell"><c>sh</c>, <c>bash</c>, <c>pwsh</c> or <c>cmd</c>; null for the OS default.</param>
/// <param name="OutputLimitBytes">Largest output captured across stdout and stderr; more fails the command with <c>output-limit</c>.</param>
public sealed record CommandRequest(
    string CommandId,
    string Script,
    string? Shell,
    TimeSpan Timeout,
    long OutputLimitBytes)
{
    public static CommandRequest From(RunCommand frame) => new(
        frame.CommandId,
        frame.Script,
        frame.Shell,
        TimeSpan.FromSeconds(frame.TimeoutSeconds),
        frame.OutputLimitBytes);
}
