using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// One connected agent, whatever the transport: its outbound frame queue (one writer drains it: the WebSocket send
/// loop or the long-poll exchange), the node's requests awaiting an ack, the pings awaiting a pong, and how it closed.
/// </summary>
public sealed class BridgeSession
{
    private const int MaxOutstandingPings = 16;
    private readonly Channel<Frame> _outbound = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly ConcurrentDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _pings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _commands = new(StringComparer.Ordinal);
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
    public ChannelReader<Frame> Outbound => _outbound.Reader;

    /// <summary>Time since the last pong or ack (or since the session began).</summary>
    public TimeSpan SinceRoundTrip => _time.GetElapsedTime(Interlocked.Read(ref _lastRoundTrip));

    public void MarkOpen() => IsOpen = true;

    /// <summary>Queues a frame for the agent; a request (<see cref="Frame.ExpectsAck"/>) is remembered until acked. False when closing.</summary>
    public bool Send(Frame frame)
    {
        if (IsClosing)
            return false;
        if (frame.ExpectsAck)
            _requests[frame.Id] = new PendingRequest(frame, _time.GetTimestamp());
        if (_outbound.Writer.TryWrite(frame))
            return true;
        _requests.TryRemove(frame.Id, out _);
        return false;
    }

    /// <summary>Queues a ping and remembers when it left.</summary>
    public bool Ping()
    {
        if (_pings.Count >= MaxOutstandingPings)
            _pings.Clear();
        var ping = new Ping(NewFrameId());
        _pings[ping.Id] = _time.GetTimestamp();
        return Send(ping);
    }

    /// <summary>The request the agent acknowledged and its round trip; null for an unknown or repeated ack.</summary>
    public (PendingRequest Request, TimeSpan RoundTrip)? CompleteRequest(string correlationId)
    {
        if (!_requests.TryRemove(correlationId, out var request))
            return null;
        return (request, RoundTripped(request.SentAt));
    }

    /// <summary>The round trip of the ping a pong answers; null for an unknown pong.</summary>
    public TimeSpan? CompletePing(string correlationId) =>
        _pings.TryRemove(correlationId, out var sentAt) ? RoundTripped(sentAt) : null;

    /// <summary>Remembers that the endpoint confirmed <paramref name="commandId"/> as its own.</summary>
    public void RememberCommand(string commandId)
    {
        if (_commands.Count >= 4096)
            _commands.Clear();
        _commands.TryAdd(commandId, 0);
    }

    /// <summary>True when the endpoint confirmed <paramref name="commandId"/> as its own on this session.</summary>
    public bool OwnsCommand(string commandId) => _commands.ContainsKey(commandId);

    /// <summary>Starts closing: sends a <c>close</c> frame (unless the agent is already gone) and completes the outbound queue. Idempotent.</summary>
    public void Close(WebSocketCloseStatus status, string reason, long? retryAfterMs = null, bool sendCloseFrame = true)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
            return;
        CloseStatus = status;
        CloseReason = reason;
        if (sendCloseFrame)
            _outbound.Writer.TryWrite(new Close(NewFrameId(), reason, retryAfterMs));
        _outbound.Writer.TryComplete();
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
