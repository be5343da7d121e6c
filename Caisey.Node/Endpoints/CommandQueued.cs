namespace Caisey.Node.Endpoints;

/// <summary>A command was accepted into the endpoint's durable queue.</summary>
public sealed record CommandQueued(string CommandId, string Script, string SubmittedBy, string? Shell, int? TimeoutSeconds, DateTimeOffset? NotBefore, DateTimeOffset? ExpiresAt, string? IdempotencyKey, string? BatchId, DateTimeOffset At, bool RequiresConsent = false) : ICommandEvent;
