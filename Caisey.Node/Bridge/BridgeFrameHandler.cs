using Caisey.Node.Cluster;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Reachability;
using Caisey.Node.Runtime;
using Caisey.Protocol.Frames;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Bridge;

/// <summary>
/// What the node does with each frame from an agent, whatever the transport. <c>hello</c> must come first and name the
/// credential's endpoint; it opens the session (superseding an older one), is answered with <c>welcome</c>, starts pings
/// and hands the session to the dispatcher. Every request frame is acked only after its effect is durable.
/// </summary>
public sealed partial class BridgeFrameHandler(
    IServiceProvider services,
    BridgeRegistry registry,
    ReachabilityTracker reachability,
    BridgeDispatcher dispatcher,
    CommandOutputStore output,
    BridgeOptions options,
    IOptions<NodeOptions> node,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BridgeFrameHandler> logger)
{
    private EndpointGateway? _endpoints;

    private EndpointGateway Endpoints => _endpoints ??= services.GetRequiredService<EndpointGateway>();

    /// <summary>Handles one decoded frame; problems close the session with a reason rather than throw.</summary>
    /// <param name="previous">The handling of the frame before it, when that may still run (<see cref="FramePipeline"/>):
    /// this frame's ack waits for it, so that acks leave in the order of their requests.</param>
    public async Task HandleAsync(BridgeSession session, Frame frame, Task? previous = null)
    {
        if (!session.IsOpen)
        {
            if (frame is Hello hello)
                Open(session, hello);
            else
                Refuse(session, BridgeCloseCodes.ProtocolError, $"The first frame on a bridge must be 'hello', not '{frame.GetType().Name}'.");
            return;
        }
        reachability.Contact(session.EndpointId);
        switch (frame)
        {
            case Hello:
                Refuse(session, BridgeCloseCodes.ProtocolError, "'hello' was sent twice on one bridge.");
                break;
            case Pong pong:
                if (session.CompletePing(pong.CorrelationId) is { } rtt)
                    reachability.RoundTrip(session.EndpointId, session, rtt);
                break;
            case Ack ack:
                await AcknowledgedAsync(session, ack).ConfigureAwait(false);
                break;
            case { ExpectsAck: true }:
                if (await HandleRequestAsync(session, frame).ConfigureAwait(false))
                {
                    if (previous is not null)
                    {
                        // The frames before may wait in the journal for a later commit (an ack, a started); this ack
                        // now waits on them, and it may hold up the bridge's next frames (an output chunk's does).
                        if (!previous.IsCompleted)
                            Endpoints.Urge(session.EndpointId);
                        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                    session.Send(new Ack(BridgeSession.NewFrameId(), frame.Id));
                }
                break;
            default:
                LogIgnored(logger, session.EndpointId, frame.GetType().Name);
                break;
        }
    }

    /// <summary>Tears down a session that ended (closed by either side, or its transport broke). Idempotent.</summary>
    public void Ended(BridgeSession session)
    {
        session.Close(session.IsClosing ? session.CloseStatus : BridgeCloseCodes.Normal, "the bridge ended", sendCloseFrame: false);
        if (!session.TryEnd() || !session.IsOpen)
            return;
        registry.Remove(session);
        reachability.SessionClosed(session.EndpointId, session);
        dispatcher.SessionClosed(session);
        LogClosed(logger, session.EndpointId, session.Transport, (int)session.CloseStatus, session.CloseReason);
    }

    private void Open(BridgeSession session, Hello hello)
    {
        if (!string.Equals(hello.EndpointId, session.EndpointId, StringComparison.Ordinal))
        {
            Refuse(session, BridgeCloseCodes.PolicyViolation, "The hello names another endpoint than the credential's.");
            return;
        }
        session.MarkOpen();
        if (registry.Register(session) is { } previous)
            previous.Close(BridgeCloseCodes.Superseded, "superseded: a newer bridge for this endpoint opened");
        var version = Math.Min(hello.ProtocolVersion, BridgeProtocol.CurrentVersion);
        session.Send(new Welcome(BridgeSession.NewFrameId(), hello.Id, node.Value.NodeId, version, (long)options.IdleTimeout.TotalMilliseconds));
        reachability.SessionOpened(session.EndpointId, session, session.Transport);
        LogOpened(logger, session.EndpointId, session.Transport, hello.AgentVersion);
        _ = RunPingsAsync(session);
        dispatcher.SessionOpened(session);
    }

    /// <summary>Pings at once and then every ping interval; closes a bridge that answered nothing for <c>dead-after</c>.</summary>
    private async Task RunPingsAsync(BridgeSession session)
    {
        try
        {
            while (!session.IsClosing)
            {
                if (session.SinceRoundTrip > options.DeadAfter)
                {
                    session.Close(BridgeCloseCodes.AckTimeout, $"no pong or ack for {options.DeadAfter.TotalSeconds:0.#} s");
                    return;
                }
                session.Ping();
                await Task.Delay(options.PingInterval, time, session.Closing).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The session closed.
        }
    }

    private void Refuse(BridgeSession session, System.Net.WebSockets.WebSocketCloseStatus status, string reason)
    {
        LogRefused(logger, session.EndpointId, (int)status, reason);
        session.Close(status, reason);
    }
}
