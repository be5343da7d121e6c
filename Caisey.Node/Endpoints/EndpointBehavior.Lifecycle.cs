using Caisey.Node.Runtime;

namespace Caisey.Node.Endpoints;

public sealed partial class EndpointBehavior
{
    /// <summary>MarkDispatched: the view of attempt n, or a rejection when the command may not go now.</summary>
    private Decision DecideDispatched(EndpointState state, MarkDispatched m, DateTimeOffset now) =>
        Dispatch(state, m.CommandId, m.Transport, now, s => s.View(m.CommandId), command => Invalid(state, command, "be dispatched now"));

    /// <summary>DispatchCommand: what to send after attempt n, or — when the command may not go now — only where it stands.</summary>
    private Decision DecideDispatch(EndpointState state, DispatchCommand m, DateTimeOffset now) =>
        Dispatch(state, m.CommandId, m.Transport, now, s => CommandDispatch.From(s, s.Commands[m.CommandId], now),
            command => Decision.ReplyOnly(CommandDispatch.From(state, command, now)));

    /// <summary>The one dispatch rule: a command that may go now, or an unacknowledged one going again, is attempt n + 1.</summary>
    private Decision Dispatch(EndpointState state, string commandId, string? transport, DateTimeOffset now,
        Func<EndpointState, object?> reply, Func<CommandRecord, Decision> notNow)
    {
        if (!state.Commands.TryGetValue(commandId, out var command))
            return Unknown(commandId);
        var redispatch = command.Status == CommandStatus.Dispatched && command.CancelRequestedAt is null;
        if (!redispatch && !state.CanDispatch(command, now))
            return notNow(command);
        return Commit(state, [new CommandDispatched(commandId, command.Attempts + 1, transport, now)], reply);
    }

    private Decision DecideAcknowledged(EndpointState state, AcknowledgeCommand m, DateTimeOffset now)
    {
        if (!state.Commands.TryGetValue(m.CommandId, out var command))
            return Unknown(m.CommandId);
        return command.Status switch
        {
            // Nothing but this entity waits on the ack being durable (a crash that loses it re-dispatches, and the agent
            // answers a repeat from its own journal): it may share the next commit — usually the agent's started.
            CommandStatus.Dispatched => Commit(state, [new CommandAcknowledged(m.CommandId, now)], s => s.View(m.CommandId)) with { MayDefer = true },
            // A duplicate ack (the agent re-acks a re-dispatch) changes nothing.
            CommandStatus.Acknowledged or CommandStatus.Running => Decision.ReplyOnly(state.View(m.CommandId)),
            _ => Invalid(state, command, "be acknowledged"),
        };
    }

    private Decision DecideRunning(EndpointState state, MarkRunning m, DateTimeOffset now)
    {
        if (!state.Commands.TryGetValue(m.CommandId, out var command))
            return Unknown(m.CommandId);
        return command.Status switch
        {
            // Running proves delivery even when the ack frame was lost. Like an ack, nothing but this entity waits on it
            // being durable (the agent resends an unacked command-started), so it may wait for the next commit too —
            // usually the agent's finished.
            CommandStatus.Dispatched => Commit(state, [new CommandAcknowledged(m.CommandId, now), new CommandStarted(m.CommandId, now)], s => s.View(m.CommandId)) with { MayDefer = true },
            CommandStatus.Acknowledged => Commit(state, [new CommandStarted(m.CommandId, now)], s => s.View(m.CommandId)) with { MayDefer = true },
            CommandStatus.Running => Decision.ReplyOnly(state.View(m.CommandId)),
            _ => Invalid(state, command, "start running"),
        };
    }

    private Decision DecideCompleted(EndpointState state, CompleteCommand m, DateTimeOffset now)
    {
        if (!state.Commands.TryGetValue(m.CommandId, out var command))
            return Unknown(m.CommandId);
        if (command.IsTerminal || command.Status == CommandStatus.Queued)
            return Invalid(state, command, "complete");
        // A re-dispatch answered with the stored result: the agent had it, so it counts as acknowledged.
        object[] events = command.Status == CommandStatus.Dispatched
            ? [new CommandAcknowledged(m.CommandId, now), new CommandSucceeded(m.CommandId, m.ExitCode, m.OutputBytes, now)]
            : [new CommandSucceeded(m.CommandId, m.ExitCode, m.OutputBytes, now)];
        return Commit(state, events, s => s.View(m.CommandId));
    }

    private Decision DecideFailed(EndpointState state, FailCommand m, DateTimeOffset now)
    {
        if (!state.Commands.TryGetValue(m.CommandId, out var command))
            return Unknown(m.CommandId);
        if (command.IsTerminal)
            return Invalid(state, command, "fail");
        object @event = m.Reason == FailureReason.Cancelled
            ? new CommandCancelled(m.CommandId, m.Detail ?? "killed by the agent", m.OutputBytes, now)
            : new CommandFailed(m.CommandId, m.Reason, m.Detail, m.ExitCode, m.OutputBytes, now);
        return Commit(state, [@event], s => s.View(m.CommandId));
    }

    private Decision DecideCancel(EndpointState state, CancelCommand m, DateTimeOffset now)
    {
        if (!state.Commands.TryGetValue(m.CommandId, out var command))
            return Unknown(m.CommandId);
        if (command.IsTerminal)
            return Invalid(state, command, "be cancelled");
        if (command.Status == CommandStatus.Queued)
            return Commit(state, [new CommandCancelled(m.CommandId, $"cancelled by {m.RequestedBy} while queued", 0, now)], s => s.View(m.CommandId));
        // On the agent (or maybe): only the agent can stop it; it becomes cancelled when the agent reports.
        var kill = new CancelRequested(state.EndpointId, m.CommandId);
        return command.CancelRequestedAt is null
            ? Commit(state, [new CommandCancelRequested(m.CommandId, m.RequestedBy, now)], s => s.View(m.CommandId), kill)
            : new Decision([], [kill], state.View(m.CommandId));
    }

    private Decision DecideWake(EndpointState state, DateTimeOffset now)
    {
        if (state.Approval.Pending is { } pending && pending.ExpiresAt <= now)
            return Deny(state, pending, expired: true, now);
        if (state.Approval.Pending is null && !state.Approval.HasValidGrant(now) && state.Queued.FirstOrDefault(c => c.RequiresConsent) is { } waiting)
        {
            var again = new ApprovalRequested("apr_" + waiting.Id + "_" + now.ToUnixTimeMilliseconds(), "commands",
                "the previous consent ran out while commands still wait", waiting.SubmittedBy, now.AddMinutes(15), 60, now);
            var next = Apply(state, again);
            return Commit(state, [again], _ => null, new ApprovalRequestSend(state.EndpointId, next.Approval.Pending!));
        }
        var events = new List<object>();
        var dispatch = new List<object>();
        foreach (var command in state.Queued)
        {
            if (command.ExpiresAt <= now)
            {
                events.Add(new CommandExpired(command.Id, now));
            }
            else if (!command.Released && command.NotBefore <= now)
            {
                events.Add(new CommandReleased(command.Id, now));
                dispatch.Add(new DispatchRequested(state.EndpointId, command.Id));
            }
        }
        return events.Count == 0 ? Decision.ReplyOnly(null) : Commit(state, events, _ => null, dispatch);
    }
}
