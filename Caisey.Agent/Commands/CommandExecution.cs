namespace Caisey.Agent.Commands;

/// <summary>The result of asking <see cref="CommandExecutor"/> to run a command, and how it was produced.</summary>
public sealed record CommandExecution(CommandResult Result, CommandExecutionKind Kind);
