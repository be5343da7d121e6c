namespace Caisey.Node.Endpoints;

/// <summary>Queues a command; ids come from the caller (the entity has no randomness).</summary>
/// <remarks>A <paramref name="CommandId"/> or <paramref name="IdempotencyKey"/> already used on this endpoint replies with that command.
/// <paramref name="DispatchOn"/>: the transport of the endpoint's bridge when it is open on the asking node; a command
/// that may go at once is then marked dispatched in the same append as its queueing (one commit, not two) and its
/// <see cref="DispatchRequested"/> carries what to send.</remarks>
public sealed record QueueCommand(
    string CommandId,
    string Script,
    string SubmittedBy,
    string? Shell = null,
    int? TimeoutSeconds = null,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? ExpiresAt = null,
    string? IdempotencyKey = null,
    string? BatchId = null,
    bool RequiresConsent = false,
    int ApprovalWaitMinutes = 15,
    string? DispatchOn = null) : IEndpointMessage;
