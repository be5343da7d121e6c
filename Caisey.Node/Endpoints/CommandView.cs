namespace Caisey.Node.Endpoints;

/// <summary>A command as the API shows it (see API.md, "Command view"); the fields after <c>Timings</c> are additions.</summary>
public sealed record CommandView(
    string Id,
    string EndpointId,
    string? BatchId,
    CommandStatus Status,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<TimelineEntry> Timeline,
    int Attempts,
    int? ExitCode,
    FailureReason? FailureReason,
    long OutputBytes,
    long? RoundTripMs,
    CommandTimings Timings,
    string? Shell,
    int? TimeoutSeconds,
    DateTimeOffset? NotBefore,
    DateTimeOffset? ExpiresAt,
    string? IdempotencyKey,
    DateTimeOffset? CancelRequestedAt,
    string? Script = null);
