using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>One command in an endpoint's state: its spec and where it is in its lifecycle.</summary>
public sealed record CommandRecord(
    string Id,
    long Ordinal,
    string Script,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    string? Shell,
    int? TimeoutSeconds,
    DateTimeOffset? NotBefore,
    DateTimeOffset? ExpiresAt,
    string? IdempotencyKey,
    string? BatchId,
    CommandStatus Status,
    ImmutableArray<TimelineEntry> Timeline,
    bool Released = true,
    int Attempts = 0,
    int? ExitCode = null,
    FailureReason? FailureReason = null,
    long OutputBytes = 0,
    DateTimeOffset? CancelRequestedAt = null,
    bool RequiresConsent = false)
{
    [JsonIgnore]
    public bool IsTerminal => Status is CommandStatus.Succeeded or CommandStatus.Failed or CommandStatus.Cancelled or CommandStatus.Expired;

    /// <summary>Queued, past its not-before time and not expired.</summary>
    public bool IsDispatchable(DateTimeOffset now) =>
        Status == CommandStatus.Queued && (NotBefore is null || NotBefore <= now) && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>Moves to <paramref name="status"/>, recording it in the timeline.</summary>
    public CommandRecord To(CommandStatus status, DateTimeOffset at, string? detail = null) =>
        this with { Status = status, Timeline = Timeline.Add(new TimelineEntry(status, at, detail)) };

    public CommandView ToView(string endpointId)
    {
        var timings = CommandTimings.From(SubmittedAt, Timeline);
        return new CommandView(
            Id, endpointId, BatchId, Status, SubmittedBy, SubmittedAt, Timeline, Attempts, ExitCode, FailureReason, OutputBytes,
            timings.RoundTripMs, timings, Shell, TimeoutSeconds, NotBefore, ExpiresAt, IdempotencyKey, CancelRequestedAt, RequiresConsent, Script);
    }
}
