namespace Caisey.Node.Endpoints;

/// <summary>Effect: the command is dispatchable; the bridge should send it to the agent.</summary>
public sealed record DispatchRequested(string EndpointId, string CommandId);
