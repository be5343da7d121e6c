using Caisey.Agent.Inventory;
using Caisey.Protocol.Frames;
using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Bridge;

/// <summary>
/// One bridge, over any <see cref="IBridgeTransport"/>: connect, <c>hello</c> → <c>welcome</c>, a
/// <c>check-in</c>, then frames both ways until the bridge is idle, the node closes it, or it breaks.
/// Requests go through the <see cref="BridgeOutbox"/> (resent on the next bridge until acked); the node's
/// requests are acked at once; <c>ping</c> is answered with <c>pong</c>; a malformed frame is logged and ignored.
/// </summary>
public sealed partial class BridgeSession(
    IBridgeTransport transport,
    BridgeOutbox outbox,
    BridgeCommands commands,
    InventoryCollector inventory,
    string endpointId,
    BridgeSessionSettings settings,
    TimeProvider timeProvider,
    ILogger logger,
    Consent.ConsentInbox? consent = null)
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private readonly FrameCodec _codec = new(settings.MaxFrameBytes);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastWork;

    /// <summary>
    /// Runs the bridge to its end. Throws when it could not be established (connect failure,
    /// <see cref="BridgeUnauthorizedException"/>, <see cref="BridgeClosedByNodeException"/> before welcome,
    /// <see cref="TimeoutException"/>); once <paramref name="established"/> was called it returns how it ended.
    /// </summary>
    public async Task<BridgeSessionEnd> RunAsync(Action<Welcome> established, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timedOut = false;
        var handshakeTimer = timeProvider.CreateTimer(_ => { timedOut = true; session.Cancel(); }, null, settings.ConnectTimeout, Timeout.InfiniteTimeSpan);
        var frames = transport.ReceiveAsync(session.Token).GetAsyncEnumerator(session.Token);
        try
        {
            Welcome welcome;
            try
            {
                await transport.ConnectAsync(session.Token).ConfigureAwait(false);
                var hello = new Hello(BridgeIds.New(), endpointId, AgentVersion.Current, BridgeProtocol.CurrentVersion, outbox.RecentlyAcked);
                await SendAsync(hello, session.Token).ConfigureAwait(false);
                welcome = await AwaitWelcomeAsync(frames, hello.Id, session.Token).ConfigureAwait(false);
                await handshakeTimer.DisposeAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timedOut && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No welcome from {transport.Description} within {settings.ConnectTimeout.TotalSeconds:0.#} s.");
            }
            established(welcome);
            LogEstablished(logger, transport.Description, welcome.NodeId);
            return await RunEstablishedAsync(frames, welcome, session, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await handshakeTimer.DisposeAsync().ConfigureAwait(false);
            await transport.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            await session.CancelAsync().ConfigureAwait(false);
            try
            {
                await frames.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or OperationCanceledException)
            {
                // A receive still pending on a broken connection; the transport's disposal ends it.
            }
        }
    }

    private async Task<BridgeSessionEnd> RunEstablishedAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> frames, Welcome welcome, CancellationTokenSource session, CancellationToken stopping)
    {
        var idle = welcome.IdleTimeoutMs > 0 && TimeSpan.FromMilliseconds(welcome.IdleTimeoutMs) < settings.IdleTimeout
            ? TimeSpan.FromMilliseconds(welcome.IdleTimeoutMs)
            : settings.IdleTimeout;
        var connection = outbox.BeginConnection();
        Touch();
        var receive = ReceiveAsync(frames, stopping, session.Token);
        var pump = PumpAsync(connection, session.Token);
        var checkIn = CheckInAsync(session.Token);
        var idleWatch = IdleAsync(idle, session.Token);
        var first = await Task.WhenAny(receive, pump, idleWatch).ConfigureAwait(false);
        if (first == idleWatch && idleWatch.IsCompletedSuccessfully)
        {
            // Close politely first, so the node sees a normal close, then give the receive loop a moment to see its answer.
            await transport.CloseAsync(stopping).ConfigureAwait(false);
            await ((Task)receive).WaitAsync(CloseGrace, timeProvider, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await session.CancelAsync().ConfigureAwait(false);
        await ((Task)Task.WhenAll(receive, pump, idleWatch, checkIn)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.ThrowIfCancellationRequested();
        var end = first.IsCompletedSuccessfully ? await first.ConfigureAwait(false) : new BridgeSessionEnd(BridgeSessionEndKind.Lost, first.Exception?.GetBaseException());
        LogEnded(logger, transport.Description, end.Kind, end.Error?.Message ?? "");
        return end;
    }

    private async Task<Welcome> AwaitWelcomeAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> frames, string helloId, CancellationToken cancellationToken)
    {
        while (await frames.MoveNextAsync().ConfigureAwait(false))
        {
            switch (Decode(frames.Current))
            {
                case Welcome welcome when welcome.CorrelationId == helloId:
                    return welcome;
                case Close close:
                    throw ClosedBy(close);
                case Ping ping:
                    await SendAsync(new Pong(BridgeIds.New(), ping.Id), cancellationToken).ConfigureAwait(false);
                    break;
                case { } other:
                    LogIgnored(logger, other.GetType().Name, "it came before welcome");
                    break;
            }
        }
        throw new IOException($"{transport.Description} closed before answering hello with welcome.");
    }

    private async Task<BridgeSessionEnd> ReceiveAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> frames, CancellationToken stopping, CancellationToken cancellationToken)
    {
        while (await frames.MoveNextAsync().ConfigureAwait(false))
        {
            var frame = Decode(frames.Current);
            if (frame is not (null or Ping))
                Touch();
            switch (frame)
            {
                case Ack ack:
                    outbox.Acknowledge(ack.CorrelationId);
                    break;
                case Ping ping:
                    await SendAsync(new Pong(BridgeIds.New(), ping.Id), cancellationToken).ConfigureAwait(false);
                    break;
                case RunCommand run:
                    await SendAsync(new Ack(BridgeIds.New(), run.Id), cancellationToken).ConfigureAwait(false);
                    LogRunCommand(logger, run.CommandId);
                    if (run.Notice is { } notice)
                    {
                        consent?.Notify(notice, timeProvider.GetUtcNow());
                        LogNotice(logger, notice);
                    }
                    commands.Start(run, stopping);
                    break;
                case ApprovalRequest approval:
                    await SendAsync(new Ack(BridgeIds.New(), approval.Id), cancellationToken).ConfigureAwait(false);
                    consent?.Store(new Consent.ConsentRequest(approval.RequestId, approval.Scope, approval.Reason, approval.RequestedBy, approval.ExpiresAt, approval.GrantMinutes));
                    LogApprovalRequested(logger, approval.RequestedBy, approval.Reason, approval.ExpiresAt);
                    break;
                case CancelCommand cancel:
                    await SendAsync(new Ack(BridgeIds.New(), cancel.Id), cancellationToken).ConfigureAwait(false);
                    LogCancelCommand(logger, cancel.CommandId, commands.Cancel(cancel.CommandId));
                    break;
                case Close close:
                    return new BridgeSessionEnd(BridgeSessionEndKind.ClosedByNode, ClosedBy(close));
                case { } other:
                    LogIgnored(logger, other.GetType().Name, "the agent does not take it from a node");
                    break;
            }
        }
        return new BridgeSessionEnd(BridgeSessionEndKind.Lost, new IOException($"{transport.Description} was closed by the node without a close frame."));
    }

    /// <summary>
    /// Queues this bridge's check-in once the inventory is collected. That can take seconds (a package manager lists
    /// pending updates), so it runs beside the receive loop and the pump: pings get their pong, run-commands their ack
    /// and command frames go out at once, instead of going stale on the node (which would show the machine not
    /// reachable and retry its dispatches). A bridge that ended meanwhile gets no check-in; the next one sends its own.
    /// </summary>
    private async Task CheckInAsync(CancellationToken cancellationToken)
    {
        var collected = await inventory.CollectAsync(cancellationToken).ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested)
            outbox.Enqueue(new CheckIn(BridgeIds.New(), collected));
    }

    private async Task<BridgeSessionEnd> PumpAsync(int connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var frame in outbox.TakeUnsent(connection))
                await SendAsync(frame, cancellationToken).ConfigureAwait(false);
            await outbox.WaitForFramesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BridgeSessionEnd> IdleAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        while (true)
        {
            var quiet = timeProvider.GetElapsedTime(Volatile.Read(ref _lastWork));
            var busy = outbox.Count > 0 || commands.RunningCount > 0;
            if (quiet >= idle && !busy)
                return new BridgeSessionEnd(BridgeSessionEndKind.Idle);
            var wait = quiet >= idle ? idle / 4 : idle - quiet;
            await Task.Delay(wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(Frame frame, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = _codec.Encode(frame);
        }
        catch (FrameException e)
        {
            LogUnsendable(logger, frame.GetType().Name, frame.Id, e.Message);
            outbox.Acknowledge(frame.Id);
            return;
        }
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transport.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
        if (frame is not Pong)
            Touch();
    }

    private Frame? Decode(ReadOnlyMemory<byte> bytes)
    {
        if (_codec.TryDecode(bytes.Span, out var frame, out var error))
            return frame;
        LogMalformed(logger, transport.Description, error.Kind, error.Message);
        return null;
    }

    private void Touch() => Volatile.Write(ref _lastWork, timeProvider.GetTimestamp());

    private static BridgeClosedByNodeException ClosedBy(Close close) =>
        new(close.Reason, close.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
}
