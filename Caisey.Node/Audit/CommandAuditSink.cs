using System.Collections.Concurrent;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Audit;

/// <summary>
/// Audits every command transition from <see cref="CommandChanged"/> effects: the command's timeline is diffed against
/// the highest step already in the audit log, so each transition is recorded once, also across restarts and when an
/// effect was missed (the next change of the command fills the gap). Reachability is read at that moment.
/// </summary>
/// <remarks>
/// Live records are queued in order to the audit writer (one group-committed writer) without the entity waiting for
/// their fsync, deferred (<see cref="AuditLog.AppendDeferred"/>: a command's steps may share one commit): the journal is
/// the source of truth and the entity's hot path pays for one durable write, not two.
/// A crash between the journal append and the audit commit loses no attempt: <see cref="AuditCatchUp"/> records the
/// missing transitions at start (marked recovered, without the reachability of the moment, which is gone).
/// </remarks>
public sealed class CommandAuditSink(AuditLog audit, IReachabilityTracker reachability, FleetReadModel fleet) : IEndpointEffectSink
{
    // A cache of the audit log's last step per unfinished command; a miss asks the log.
    private readonly ConcurrentDictionary<string, int> _lastStep = new(StringComparer.Ordinal);

    public async ValueTask HandleAsync(string endpointId, object effect, CancellationToken cancellationToken)
    {
        if (effect is CommandChanged changed)
            await AuditAsync(changed.Command, recovered: false, cancellationToken, created: changed.Created).ConfigureAwait(false);
    }

    /// <summary>Records the command's transitions that the log does not hold yet.</summary>
    /// <param name="recovered">True when catching up at start: the reachability of that time is unknown.</param>
    /// <param name="created">True when the change that shows the command also created it (<see cref="CommandChanged.Created"/>).</param>
    public async ValueTask AuditAsync(CommandView command, bool recovered, CancellationToken cancellationToken, bool created = false)
    {
        var target = AuditTargets.Command(command.EndpointId, command.Id);
        // A command created by this very step (queued, or queued and dispatched in one append) cannot be in the log yet:
        // no query. Otherwise the cache, then the log (a restart, or the entity moved between nodes) — a synchronous read
        // on the entity's effect path, which every command paid on its first step while queued and dispatched shared one.
        var last = _lastStep.TryGetValue(command.Id, out var cached) ? cached
            : !recovered && (created || command.Timeline.Count == 1) ? -1
            : audit.LastStep(target);
        var now = recovered ? null : reachability.Get(command.EndpointId);
        var group = fleet.FindEndpoint(command.EndpointId)?.ClientGroupId;
        var appends = new List<Task>();
        for (var step = last + 1; step < command.Timeline.Count; step++)
        {
            var entry = Entry(command, step, target, group, now);
            appends.Add(recovered ? audit.AppendAsync(entry, CancellationToken.None).AsTask() : audit.AppendDeferred(entry));
        }
        if (recovered)
            await Task.WhenAll(appends).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (FleetReadModel.IsTerminal(command.Status))
            _lastStep.TryRemove(command.Id, out _);
        else
            _lastStep[command.Id] = Math.Max(last, command.Timeline.Count - 1);
    }

    private static AuditEntry Entry(CommandView command, int step, string target, string? group, ReachabilityView? reachability)
    {
        var entry = command.Timeline[step];
        var detail = new CommandAuditDetail(command.EndpointId, group, command.Id, step, entry.Status, entry.Detail, reachability,
            Recovered: reachability is null ? true : null);
        detail = entry.Status switch
        {
            CommandStatus.Queued => detail with { Script = command.Script, Shell = command.Shell, BatchId = command.BatchId },
            CommandStatus.Dispatched => detail with
            {
                Attempt = DispatchesUpTo(command.Timeline, step),
                Transport = entry.Detail?.Split(" via ", 2) is [_, var transport] ? transport : null,
            },
            CommandStatus.Succeeded => detail with { ExitCode = command.ExitCode },
            CommandStatus.Failed or CommandStatus.Cancelled or CommandStatus.Expired => detail with
            {
                FailureReason = command.FailureReason, ExitCode = command.ExitCode,
            },
            _ => detail,
        };
        return new AuditEntry(entry.At, Actor(command, step), Action(entry.Status), target, AuditJson.Serialize(detail), step);
    }

    private static int DispatchesUpTo(IReadOnlyList<TimelineEntry> timeline, int step)
    {
        var count = 0;
        for (var i = 0; i <= step; i++)
        {
            if (timeline[i].Status == CommandStatus.Dispatched)
                count++;
        }
        return count;
    }

    private static string Action(CommandStatus status) => status switch
    {
        CommandStatus.Queued => AuditActions.CommandSubmitted,
        CommandStatus.Dispatched => AuditActions.CommandDispatched,
        CommandStatus.Acknowledged => AuditActions.CommandAcknowledged,
        CommandStatus.Running => AuditActions.CommandRunning,
        CommandStatus.Succeeded => AuditActions.CommandSucceeded,
        CommandStatus.Failed => AuditActions.CommandFailed,
        CommandStatus.Cancelled => AuditActions.CommandCancelled,
        _ => AuditActions.CommandExpired,
    };

    /// <summary>The technician submits; the node dispatches, expires and cancels what is queued; the agent reports the rest.</summary>
    private static string Actor(CommandView command, int step) => command.Timeline[step].Status switch
    {
        CommandStatus.Queued => command.SubmittedBy,
        CommandStatus.Dispatched or CommandStatus.Expired => AuditTargets.System,
        CommandStatus.Cancelled when command.Timeline[step - 1].Status == CommandStatus.Queued => AuditTargets.System,
        _ => AuditTargets.Agent(command.EndpointId),
    };
}
