namespace Caisey.Node.Endpoints;

/// <summary>The command ran to completion; its exit code is data, not a failure.</summary>
public sealed record CompleteCommand(string CommandId, int ExitCode, long OutputBytes) : IEndpointMessage;
