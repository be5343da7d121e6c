namespace Caisey.Node.Endpoints;

/// <summary>
/// The bridge is about to send the command: when it may go now (or goes again, unacknowledged) it is marked dispatched
/// (attempt n, durable) in this same step. Replies with a <see cref="CommandDispatch"/> either way — what to send, and
/// where the command stands — or an unknown-command rejection. One ask where a read and a <see cref="MarkDispatched"/> were two.
/// </summary>
public sealed record DispatchCommand(string CommandId, string? Transport = null) : IEndpointMessage;
