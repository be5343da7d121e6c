using Caisey.Node.Endpoints;
using Caisey.Protocol.Frames;
using WireCancelCommand = Caisey.Protocol.Frames.CancelCommand;

namespace Caisey.Node.Bridge;

internal sealed partial class DispatchWorker
{
    /// <summary>
    /// Sends the command on the open bridge: a queued or unacknowledged one is first marked dispatched (durable);
    /// an acknowledged or running one is only re-sent when <paramref name="redeliver"/> (a new bridge: the agent's
    /// journal answers it with its stored result, it never runs twice). Without a bridge it waits and rings the doorbell.
    /// </summary>
    private async Task DeliverAsync(string commandId, bool redeliver, CommandDispatch? dispatched = null, string? dispatchedOn = null)
    {
        var session = CurrentSession();
        if (session is null)
        {
            Wait(commandId);
            return;
        }
        // Marked dispatched with its queueing on another transport's bridge: asked for again (attempt 2) on this one.
        if (dispatchedOn != session.Transport)
            dispatched = null;
        if (_deliveries.TryGetValue(commandId, out var inFlight) && inFlight.Session == session && inFlight.RetryAt is null)
            return;
        // One ask: marked dispatched (durable, attempt n) when it may go now, else only read — unless that was done with
        // its queueing.
        if ((dispatched ?? await AskAsync(new DispatchCommand(commandId, session.Transport)).ConfigureAwait(false)) is not CommandDispatch command
            || command.CancelRequested)
        {
            Forget(commandId);
            return;
        }
        if (command.Status is CommandStatus.Acknowledged or CommandStatus.Running)
        {
            if (redeliver)
            {
                session.RememberCommand(commandId);
                session.Send(RunFrame(command));
            }
            return;
        }
        if (command.Status != CommandStatus.Dispatched)
            return;
        var frame = RunFrame(command);
        Forget(commandId);
        // This endpoint's entity sent it here: its output needs no ask of the entity (which may still hold the ack).
        session.RememberCommand(commandId);
        if (!session.Send(frame))
        {
            // The bridge closed meanwhile: the command stays dispatched and is re-dispatched on the next bridge.
            Wait(commandId);
            return;
        }
        var timer = After(_context.Options.AckTimeout, new AckDeadline(commandId, frame.Id));
        _deliveries[commandId] = new Delivery(session, frame.Id, command.Attempts, timer);
        LogDispatched(_context.Logger, _endpointId, commandId, command.Attempts, session.Transport);
    }

    private Task CancelAsync(string commandId)
    {
        Forget(commandId);
        var session = CurrentSession();
        if (session is null)
        {
            // Sent when the agent reconnects (the command is open with its cancel requested).
            Wait(commandId);
            return Task.CompletedTask;
        }
        session.Send(new WireCancelCommand(BridgeSession.NewFrameId(), commandId));
        return Task.CompletedTask;
    }

    /// <summary>A new bridge: forget what was out on older ones and deliver every unfinished command on this one.</summary>
    private async Task OpenedAsync(BridgeSession session)
    {
        if (CurrentSession() != session)
            return;
        foreach (var commandId in _deliveries.Keys.ToArray())
            Forget(commandId);
        _waiting.Clear();
        _context.Reachability.WorkWaiting(_endpointId, false);
        if (await AskAsync(new GetApproval()).ConfigureAwait(false) is EndpointApproval { Pending: { } pending })
            SendApprovalRequest(pending);
        if (await AskAsync(new GetOpenCommands()).ConfigureAwait(false) is not OpenCommands open)
            return;
        foreach (var command in open.Commands)
        {
            if (command.CancelRequested)
                session.Send(new WireCancelCommand(BridgeSession.NewFrameId(), command.CommandId));
            else if (command.Dispatchable || command.Status is not CommandStatus.Queued)
                await DeliverAsync(command.CommandId, redeliver: true).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers a consent request now, or rings the doorbell so the agent opens a bridge (resent on every new bridge).</summary>
    private void SendApprovalRequest(ApprovalRequestRecord request)
    {
        if (CurrentSession() is { } session)
            session.Send(new ApprovalRequest(BridgeSession.NewFrameId(), request.RequestId, request.Scope, request.Reason, request.RequestedBy, request.ExpiresAt, request.GrantMinutes));
        else
            _context.Doorbell.Ring(_endpointId);
    }

    private RunCommand RunFrame(CommandDispatch command) => new(
        BridgeSession.NewFrameId(), command.CommandId, command.Script, command.Shell,
        command.TimeoutSeconds ?? (int)Math.Ceiling(_context.Options.DefaultCommandTimeout.TotalSeconds),
        _context.Options.OutputLimitBytes,
        _context.NotifiesUser(_endpointId) ? $"{command.SubmittedBy} is running a command on this machine (command {command.CommandId})." : null);

    private BridgeSession? CurrentSession() =>
        _context.Registry.Find(_endpointId) is { IsOpen: true, IsClosing: false } session ? session : null;

    private async Task<object?> AskAsync(IEndpointMessage message) =>
        await _context.Endpoints.AskAsync(_endpointId, message, _context.Stopping).ConfigureAwait(false);
}
