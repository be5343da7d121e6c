namespace Caisey.Node.Endpoints;

/// <summary>The command ran to completion (whatever its exit code).</summary>
public sealed record CommandSucceeded(string CommandId, int ExitCode, long OutputBytes, DateTimeOffset At) : ICommandEvent;
