namespace Caisey.Node.Endpoints;

public sealed partial class EndpointBehavior
{
    /// <summary>
    /// Finished commands an endpoint entity's state keeps (the newest by finish time); older ones leave the state, so that a
    /// machine's state, snapshots and every step stay the same size however many commands it ran. Their history is the
    /// fleet read model's (and the journal's); their idempotency keys are forgotten with them.
    /// </summary>
    public const int DefaultRetainedFinishedCommands = 100;

    /// <summary>
    /// How many finished commands the state keeps (<see cref="DefaultRetainedFinishedCommands"/> for entities; the fleet
    /// read model's rebuild folds with no limit, from the first event, to list every command a machine ran).
    /// </summary>
    public int RetainedFinishedCommands { get; init; } = DefaultRetainedFinishedCommands;

    public EndpointState Apply(EndpointState state, object @event) => Fold(state, @event);

    /// <summary>
    /// A command finishes: it moves to the finished part, and when that holds more than <see cref="RetainedFinishedCommands"/>
    /// the oldest leave (by finish time, then ordinal) in the same copy of the table — with their idempotency keys.
    /// </summary>
    private EndpointState Finish(EndpointState state, ICommandEvent e, Func<CommandRecord, CommandRecord> change)
    {
        var command = Find(state, e);
        var table = state.Table;
        var excess = table.FinishedCount + (command.IsTerminal ? 0 : 1) - RetainedFinishedCommands;
        var next = table.Finish(change(command), excess, out var retired);
        if (retired.Count == 0)
            return state with { Commands = next };
        var keys = retired
            .Where(c => c.IdempotencyKey is { } key && state.IdempotencyKeys.TryGetValue(key, out var id) && id == c.Id)
            .Select(c => c.IdempotencyKey!)
            .ToList();
        return state with
        {
            Commands = next,
            IdempotencyKeys = keys.Count == 0 ? state.IdempotencyKeys : state.IdempotencyKeys.Without(keys),
        };
    }

    private EndpointState Fold(EndpointState state, object @event) => @event switch
    {
        EndpointEnrolled e => state with
        {
            ClientGroupId = e.ClientGroupId,
            EnrolledAt = e.At,
            Readiness = state.Readiness with { Hostname = e.Hostname, Os = e.Os, AgentVersion = e.AgentVersion },
        },
        CheckedIn e => state with
        {
            Readiness = new EndpointReadiness(e.Hostname, e.Os, e.AgentVersion, e.UptimeSeconds, e.PendingUpdates, e.At),
        },
        CommandQueued e => ApplyQueued(state, e),
        CommandReleased e => Update(state, e, c => c with { Released = true }),
        CommandDispatched e => Update(state, e, c => c.To(CommandStatus.Dispatched, e.At, DispatchDetail(e)) with { Attempts = e.Attempt }),
        CommandAcknowledged e => Update(state, e, c => c.To(CommandStatus.Acknowledged, e.At)),
        CommandStarted e => Update(state, e, c => c.To(CommandStatus.Running, e.At)),
        CommandSucceeded e => Finish(state, e, c => c.To(CommandStatus.Succeeded, e.At, $"exit code {e.ExitCode}") with
        {
            ExitCode = e.ExitCode, OutputBytes = e.OutputBytes,
        }),
        CommandFailed e => Finish(state, e, c => c.To(CommandStatus.Failed, e.At, e.Detail ?? FailureDetail(e.Reason)) with
        {
            FailureReason = e.Reason, ExitCode = e.ExitCode, OutputBytes = e.OutputBytes,
        }),
        CommandCancelRequested e => Update(state, e, c => c with { CancelRequestedAt = e.At }),
        CommandCancelled e => Finish(state, e, c => c.To(CommandStatus.Cancelled, e.At, e.Detail) with
        {
            FailureReason = FailureReason.Cancelled, OutputBytes = Math.Max(c.OutputBytes, e.OutputBytes),
        }),
        CommandExpired e => Finish(state, e, c => c.To(CommandStatus.Expired, e.At, "its time to live ran out while queued") with
        {
            FailureReason = FailureReason.Expired,
        }),
        ApprovalRequested e => state with
        {
            Approval = state.Approval with { Pending = new ApprovalRequestRecord(e.RequestId, e.Scope, e.Reason, e.RequestedBy, e.At, e.ExpiresAt, e.GrantMinutes) },
        },
        ApprovalGranted e => state with
        {
            Approval = new EndpointApproval(null, new ApprovalGrantRecord(e.RequestId, state.Approval.Pending?.Scope ?? "commands", e.At, e.ExpiresAt), "granted", e.At),
        },
        ApprovalDenied e => state with
        {
            Approval = state.Approval with { Pending = null, LastAnswer = e.Expired ? "expired" : "denied", LastAnswerAt = e.At },
        },
        _ => throw new ArgumentException($"Unknown endpoint event {@event.GetType().Name}.", nameof(@event)),
    };

    private static EndpointState ApplyQueued(EndpointState state, CommandQueued e)
    {
        var released = e.NotBefore is null || e.NotBefore <= e.At;
        var detail = released ? null : $"not before {e.NotBefore:O}";
        var command = new CommandRecord(
            e.CommandId, state.NextOrdinal, e.Script, e.SubmittedBy, e.At, e.Shell, e.TimeoutSeconds, e.NotBefore, e.ExpiresAt,
            e.IdempotencyKey, e.BatchId, CommandStatus.Queued, [new TimelineEntry(CommandStatus.Queued, e.At, detail ?? (e.RequiresConsent ? "waits for the end user's consent" : null))], released, RequiresConsent: e.RequiresConsent);
        return state with
        {
            Commands = state.Commands.ContainsKey(e.CommandId)
                ? throw new InvalidOperationException($"Command '{e.CommandId}' is queued twice on endpoint '{state.EndpointId}'.")
                : state.Table.With(command),
            IdempotencyKeys = e.IdempotencyKey is { } key ? state.IdempotencyKeys.With(key, e.CommandId) : state.IdempotencyKeys,
            NextOrdinal = state.NextOrdinal + 1,
        };
    }

    private static EndpointState Update(EndpointState state, ICommandEvent e, Func<CommandRecord, CommandRecord> change) =>
        state with { Commands = state.Table.With(change(Find(state, e))) };

    private static CommandRecord Find(EndpointState state, ICommandEvent e) =>
        state.Commands.TryGetValue(e.CommandId, out var command)
            ? command
            : throw new InvalidOperationException($"Event {e.GetType().Name} names command '{e.CommandId}', which endpoint '{state.EndpointId}' does not have.");

    private static string DispatchDetail(CommandDispatched e) =>
        e.Transport is null ? $"attempt {e.Attempt}" : $"attempt {e.Attempt} via {e.Transport}";

    private static string FailureDetail(FailureReason reason) => reason switch
    {
        FailureReason.TimedOut => "timed out",
        FailureReason.AgentRestarted => "the agent restarted while it ran; it is not re-run",
        FailureReason.Rejected => "rejected by the agent",
        FailureReason.ApprovalDenied => "the end user denied approval",
        FailureReason.OutputLimit => "output exceeded the limit",
        _ => reason.ToString(),
    };
}
