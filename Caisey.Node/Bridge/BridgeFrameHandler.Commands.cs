using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Protocol.Frames;
using AgentCheckIn = Caisey.Protocol.Frames.CheckIn;
using AgentCommandFailed = Caisey.Protocol.Frames.CommandFailed;
using AgentCommandStarted = Caisey.Protocol.Frames.CommandStarted;
using EndpointCheckIn = Caisey.Node.Endpoints.CheckIn;

namespace Caisey.Node.Bridge;

public sealed partial class BridgeFrameHandler
{
    /// <summary>The agent acked a node request: a round trip; an acked <c>run-command</c> makes the command acknowledged.</summary>
    private async Task AcknowledgedAsync(BridgeSession session, Ack ack)
    {
        if (session.CompleteRequest(ack.CorrelationId) is not { } completed)
            return;
        reachability.RoundTrip(session.EndpointId, session, completed.RoundTrip);
        if (completed.Request.Frame is RunCommand run && await AskAsync(session, new AcknowledgeCommand(run.CommandId)).ConfigureAwait(false))
            dispatcher.Acknowledged(session, run.CommandId);
    }

    /// <summary>Makes an agent request durable; true when it may be acked (done, or already done before).</summary>
    private async Task<bool> HandleRequestAsync(BridgeSession session, Frame frame)
    {
        switch (frame)
        {
            case AgentCheckIn checkIn:
                var inventory = checkIn.Inventory;
                return await AskAsync(session, new EndpointCheckIn(
                    inventory.Hostname, inventory.OsName ?? inventory.OsDescription, inventory.AgentVersion,
                    inventory.UptimeSeconds, inventory.PendingUpdates)).ConfigureAwait(false);
            case CommandAccepted accepted:
                if (!await AskAsync(session, new AcknowledgeCommand(accepted.CommandId)).ConfigureAwait(false))
                    return false;
                dispatcher.Acknowledged(session, accepted.CommandId);
                return true;
            case AgentCommandStarted started:
                return await AskAsync(session, new MarkRunning(started.CommandId)).ConfigureAwait(false);
            case OutputChunk chunk:
                return await StoreOutputAsync(session, chunk).ConfigureAwait(false);
            case CommandFinished finished:
                var done = await AskAsync(session, new CompleteCommand(finished.CommandId, finished.ExitCode, finished.OutputBytes)).ConfigureAwait(false);
                output.Signal(finished.CommandId);
                return done;
            case AgentCommandFailed failed:
                var reason = FailureReasons.FromWire(failed.Reason);
                var detail = reason == FailureReason.Error && failed.Reason != CommandFailureReasons.AgentError
                    ? $"{failed.Reason}: {failed.Detail}" : failed.Detail;
                var recorded = await AskAsync(session, new FailCommand(failed.CommandId, reason, detail, null, failed.OutputBytes ?? 0)).ConfigureAwait(false);
                output.Signal(failed.CommandId);
                return recorded;
            case ApprovalAnswer answer:
                return await AskAsync(session, new AnswerApproval(answer.RequestId, answer.Granted)).ConfigureAwait(false);
            default:
                LogIgnored(logger, session.EndpointId, frame.GetType().Name);
                return true;
        }
    }

    /// <summary>Stores a chunk durably, but only for a command of this endpoint (output is keyed by command id alone).</summary>
    private async Task<bool> StoreOutputAsync(BridgeSession session, OutputChunk chunk)
    {
        if (!session.OwnsCommand(chunk.CommandId))
        {
            if (!await AskAsync(session, new GetCommand(chunk.CommandId)).ConfigureAwait(false) || !session.OwnsCommand(chunk.CommandId))
                return true;
        }
        var stream = chunk.Stream == OutputStream.Stderr ? "stderr" : "stdout";
        await output.AppendAsync(new OutputChunkRecord(chunk.CommandId, chunk.Seq, stream, chunk.Data), lifetime.ApplicationStopping).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Asks the session's own endpoint. True when the effect is durable now or was already (a repeated frame); a command id
    /// this endpoint does not have is logged and dropped (true: resending cannot help); false when the entity failed.
    /// </summary>
    private async Task<bool> AskAsync(BridgeSession session, IEndpointMessage message)
    {
        object? reply;
        try
        {
            reply = await Endpoints.AskAsync(session.EndpointId, message, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAskFailed(logger, session.EndpointId, message.GetType().Name, e);
            return false;
        }
        switch (reply)
        {
            case CommandView view:
                session.RememberCommand(view.Id);
                return true;
            case EndpointRejection { Code: RejectionCode.UnknownCommand } unknown:
                LogForeignCommand(logger, session.EndpointId, message.GetType().Name, unknown.Detail);
                return true;
            case EndpointRejection { Command: { } command } rejection:
                session.RememberCommand(command.Id);
                LogRepeated(logger, session.EndpointId, message.GetType().Name, rejection.Detail);
                return true;
            case EndpointRejection rejection:
                LogRepeated(logger, session.EndpointId, message.GetType().Name, rejection.Detail);
                return true;
            default:
                return true;
        }
    }
}
