using System.Net.WebSockets;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// One connected agent, whatever the transport: its outbound frame queue (one writer drains it: the WebSocket send
/// loop or the long-poll exchange), the node's requests awaiting an ack, the pings awaiting a pong, and how it closed.
/// </summary>
/// <remarks>
/// An idle node holds one session per connected agent, so its bookkeeping is three plain tables made on first use under
/// one lock (a concurrent dictionary costs ~512 bytes empty; three of them were ~1.5 KiB of every idle connection).
/// </remarks>
public sealed class BridgeSession
{
    private const int MaxOutstandingPings = 16;
    private readonly OutboundFrames _outbound = new();
    private readonly Lock _gate = new();
    private Dictionary<string, PendingRequest>? _requests;
    private Dictionary<string, long>? _pings;
    private HashSet<string>? _commands;
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeProvider _time;
    private int _closing;
    private int _ended;
    private long _lastRoundTrip;

    public BridgeSession(string endpointId, string transport, TimeProvider time, string? id = null)
    {
        EndpointId = endpointId;
        Transport = transport;
        Id = id ?? Guid.NewGuid().ToString("N");
        _time = time;
        _lastRoundTrip = time.GetTimestamp();
    }

    public string EndpointId { get; }

    public string Transport { get; }

    public string Id { get; }

    /// <summary>True once the agent's hello was answered with welcome.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Cancelled when the session starts closing.</summary>
    public CancellationToken Closing => _closed.Token;

    public bool IsClosing => Volatile.Read(ref _closing) == 1;

    public WebSocketCloseStatus CloseStatus { get; private set; } = WebSocketCloseStatus.NormalClosure;

    public string CloseReason { get; private set; } = "";

    /// <summary>Frames for the agent, in order; completed when the session closes (after its close frame).</summary>
    internal OutboundFrames Outbound => _outbound;

    /// <summary>Time since the last pong or ack (or since the session began).</summary>
    public TimeSpan SinceRoundTrip => _time.GetElapsedTime(Interlocked.Read(ref _lastRoundTrip));

    public void MarkOpen() => IsOpen = true;

    /// <summary>Queues a frame for the agent; a request (<see cref="Frame.ExpectsAck"/>) is remembered until acked. False when closing.</summary>
    public bool Send(Frame frame)
    {
        if (IsClosing)
            return false;
        if (frame.ExpectsAck)
        {
            lock (_gate)
                (_requests ??= new(StringComparer.Ordinal))[frame.Id] = new PendingRequest(frame, _time.GetTimestamp());
        }
        if (_outbound.TryWrite(frame))
            return true;
        if (frame.ExpectsAck)
        {
            lock (_gate)
                _requests?.Remove(frame.Id);
        }
        return false;
    }

    /// <summary>Queues a ping and remembers when it left.</summary>
    public bool Ping()
    {
        var ping = new Ping(NewFrameId());
        lock (_gate)
        {
            _pings ??= new(StringComparer.Ordinal);
            if (_pings.Count >= MaxOutstandingPings)
                _pings.Clear();
            _pings[ping.Id] = _time.GetTimestamp();
        }
        return Send(ping);
    }

    /// <summary>The request the agent acknowledged and its round trip; null for an unknown or repeated ack.</summary>
    public (PendingRequest Request, TimeSpan RoundTrip)? CompleteRequest(string correlationId)
    {
        PendingRequest? request = null;
        lock (_gate)
            _requests?.Remove(correlationId, out request);
        return request is null ? null : (request, RoundTripped(request.SentAt));
    }

    /// <summary>The round trip of the ping a pong answers; null for an unknown pong.</summary>
    public TimeSpan? CompletePing(string correlationId)
    {
        long sentAt = 0;
        bool found;
        lock (_gate)
            found = _pings?.Remove(correlationId, out sentAt) == true;
        return found ? RoundTripped(sentAt) : null;
    }

    /// <summary>Remembers that <paramref name="commandId"/> is the endpoint's own: its entity dispatched it on this session,
    /// or confirmed it.</summary>
    public void RememberCommand(string commandId)
    {
        lock (_gate)
        {
            _commands ??= new(StringComparer.Ordinal);
            if (_commands.Count >= 4096)
                _commands.Clear();
            _commands.Add(commandId);
        }
    }

    /// <summary>True when <paramref name="commandId"/> was dispatched or confirmed as the endpoint's own on this session.</summary>
    public bool OwnsCommand(string commandId)
    {
        lock (_gate)
            return _commands?.Contains(commandId) == true;
    }

    /// <summary>Starts closing: sends a <c>close</c> frame (unless the agent is already gone) and completes the outbound queue. Idempotent.</summary>
    public void Close(WebSocketCloseStatus status, string reason, long? retryAfterMs = null, bool sendCloseFrame = true)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
            return;
        CloseStatus = status;
        CloseReason = reason;
        // Not sent on the closing thread (a timer, the registry): the close frame leaves from the thread pool.
        if (sendCloseFrame)
            _outbound.TryWrite(new Close(NewFrameId(), reason, retryAfterMs), inline: false);
        _outbound.Complete();
        _closed.Cancel();
    }

    /// <summary>True exactly once: for whoever tears the session down after it ended.</summary>
    public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    /// <summary>A frame id unique to this node process: a random prefix drawn once and a counter (ids correlate frames on an
    /// authenticated bridge; they need to be unique, not secret — a random draw per frame cost a system call each).</summary>
    public static string NewFrameId() =>
        FrameIdPrefix + Interlocked.Increment(ref _frameCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string FrameIdPrefix = "n-" + Guid.NewGuid().ToString("N")[..12] + "-";
    private static long _frameCounter;

    private TimeSpan RoundTripped(long sentAt)
    {
        Interlocked.Exchange(ref _lastRoundTrip, _time.GetTimestamp());
        return _time.GetElapsedTime(sentAt);
    }
}
