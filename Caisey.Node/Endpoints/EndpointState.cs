using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>The state of one endpoint entity: a pure fold of its events, and its snapshot.</summary>
public sealed record EndpointState
{
    public required string EndpointId { get; init; }

    public string? ClientGroupId { get; init; }

    public DateTimeOffset? EnrolledAt { get; init; }

    public EndpointReadiness Readiness { get; init; } = new();

    private readonly CommandTable _commands = CommandTable.Empty;

    /// <summary>The endpoint's open commands and its newest finished ones, by id; <see cref="CommandRecord.Ordinal"/> gives queue order.</summary>
    /// <remarks>
    /// Never mutated: a change returns a new <see cref="CommandTable"/> (<see cref="Table"/>), which copies only the
    /// part it changes (hash tables: at the sizes the state keeps, a copy is cheaper than an immutable tree's updates,
    /// and every step's scans walk an array). Any map set here (a snapshot's) is taken into a table.
    /// </remarks>
    public IReadOnlyDictionary<string, CommandRecord> Commands
    {
        get => _commands;
        init => _commands = CommandTable.From(value);
    }

    /// <summary><see cref="Commands"/>, with its open and finished parts.</summary>
    [JsonIgnore]
    public CommandTable Table => _commands;

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
    public IEnumerable<CommandRecord> Queued => Table.Open.Where(c => c.Status == CommandStatus.Queued).OrderBy(c => c.Ordinal);

    public EndpointView ToView() =>
        new(EndpointId, ClientGroupId, Readiness.Hostname, EnrolledAt, Readiness, Table.OpenCount, Approval);

    public CommandView View(string commandId) => Commands[commandId].ToView(EndpointId);
}
