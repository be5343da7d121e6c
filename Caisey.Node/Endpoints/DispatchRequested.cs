namespace Caisey.Node.Endpoints;

/// <summary>Effect: the command is dispatchable; the bridge should send it to the agent.</summary>
/// <param name="Dispatched">Set when the command was already marked dispatched (attempt 1, on the bridge transport
/// <paramref name="DispatchedOn"/>) in the append that queued it: the frame to send, with nothing left to ask.</param>
public sealed record DispatchRequested(string EndpointId, string CommandId, CommandDispatch? Dispatched = null, string? DispatchedOn = null);
