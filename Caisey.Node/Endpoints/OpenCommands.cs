namespace Caisey.Node.Endpoints;

/// <summary>The reply to <see cref="GetOpenCommands"/>: the endpoint's unfinished commands, in queue order.</summary>
public sealed record OpenCommands(IReadOnlyList<CommandDispatch> Commands);
