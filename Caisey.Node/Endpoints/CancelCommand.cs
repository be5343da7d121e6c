namespace Caisey.Node.Endpoints;

/// <summary>Cancels a queued command at once; asks the agent to kill a dispatched or running one.</summary>
public sealed record CancelCommand(string CommandId, string RequestedBy) : IEndpointMessage;
