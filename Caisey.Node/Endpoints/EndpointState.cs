using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>The state of one endpoint entity: a pure fold of its events, and its snapshot.</summary>
public sealed record EndpointState
{
    public required string EndpointId { get; init; }

    public string? ClientGroupId { get; init; }

    public DateTimeOffset? EnrolledAt { get; init; }

    public EndpointReadiness Readiness { get; init; } = new();

    /// <summary>The endpoint's open commands and its newest finished ones, by id; <see cref="CommandRecord.Ordinal"/> gives queue order.</summary>
    /// <remarks>
    /// Never mutated: a change copies it (<see cref="CopyOnWrite"/>). At the size the state keeps (open commands plus
    /// <see cref="EndpointBehavior.DefaultRetainedFinishedCommands"/>), copying a hash table is cheaper than an immutable
    /// tree's updates, and every step's scans (due time, view) walk an array instead of a tree.
    /// </remarks>
    public IReadOnlyDictionary<string, CommandRecord> Commands { get; init; } = CopyOnWrite.Empty<CommandRecord>();

    /// <summary>Idempotency key → command id.</summary>
    public IReadOnlyDictionary<string, string> IdempotencyKeys { get; init; } = CopyOnWrite.Empty<string>();

    public long NextOrdinal { get; init; } = 1;

    /// <summary>Consent: the pending request and the latest grant.</summary>
    public EndpointApproval Approval { get; init; } = new();

    /// <summary>The command may go to the agent now: queued, released, not expired and, when it needs consent, granted.</summary>
    public bool CanDispatch(CommandRecord command, DateTimeOffset now) =>
        command.Released && command.IsDispatchable(now) && (!command.RequiresConsent || Approval.HasValidGrant(now));

    [JsonIgnore]
    public bool IsEnrolled => EnrolledAt is not null;

    /// <summary>Commands waiting in the queue, in queue order.</summary>
    [JsonIgnore]
    public IEnumerable<CommandRecord> Queued => Commands.Values.Where(c => c.Status == CommandStatus.Queued).OrderBy(c => c.Ordinal);

    public EndpointView ToView() =>
        new(EndpointId, ClientGroupId, Readiness.Hostname, EnrolledAt, Readiness, Commands.Values.Count(c => !c.IsTerminal), Approval);

    public CommandView View(string commandId) => Commands[commandId].ToView(EndpointId);
}
