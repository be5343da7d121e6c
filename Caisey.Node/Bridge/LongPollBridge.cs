using Caisey.Node.Cluster;
using System.Collections.Concurrent;
using Caisey.Node.Enrollment;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// <c>POST /agent/v1/exchange?waitMs=N</c>: the bridge over plain HTTP long-polls, for networks that cut WebSockets.
/// Body <c>{"sessionId","frames":[...]}</c>; the frames are handled in order exactly as on a WebSocket (hello first),
/// then the answer <c>{"frames":[...]}</c> carries every frame queued for the agent, held up to <c>waitMs</c> until
/// there is one. A session without an exchange for twice its longest wait (at least twice the ping interval) is closed.
/// </summary>
public sealed partial class LongPollBridge : IDisposable
{
    private readonly ConcurrentDictionary<string, LongPollSession> _sessions = new(StringComparer.Ordinal);
    private readonly BridgeFrameHandler _handler;
    private readonly EndpointCredentialStore _credentials;
    private readonly EndpointGateway _endpoints;
    private readonly BridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LongPollBridge> _logger;
    private readonly FrameCodec _codec;
    private readonly ITimer _sweeper;

    public LongPollBridge(BridgeFrameHandler handler, EndpointCredentialStore credentials, EndpointGateway endpoints, BridgeOptions options, TimeProvider time, ILogger<LongPollBridge> logger)
    {
        _handler = handler;
        _credentials = credentials;
        _options = options;
        _time = time;
        _logger = logger;
        _endpoints = endpoints;
        _codec = new FrameCodec(options.MaxFrameBytes);
        _sweeper = time.CreateTimer(static s => ((LongPollBridge)s!).Sweep(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public async Task<IResult> ExchangeAsync(HttpContext http, int? waitMs)
    {
        var registration = AgentCredentials.Authenticate(http, _credentials);
        if (registration is null)
            return AgentCredentials.Unauthorized(http);
        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body.Problem is { } problem)
            return problem;
        if (!_sessions.ContainsKey(body.SessionId!) && OwnerRedirect.Check(http, _endpoints, registration.EndpointId) is { } elsewhere)
            return elsewhere;
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(waitMs ?? 0, 0, (long)_options.ExchangeMaxWait.TotalMilliseconds));
        var entry = _sessions.GetOrAdd(body.SessionId!, id => new LongPollSession(new BridgeSession(registration.EndpointId, BridgeTransports.LongPoll, _time, id), _time.GetTimestamp()));
        if (entry.Session.EndpointId != registration.EndpointId)
            return TypedResults.Problem(detail: "This sessionId belongs to another endpoint; start a new session.", statusCode: StatusCodes.Status409Conflict);
        entry.Touch(_time.GetTimestamp(), wait);
        await entry.Inbound.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        var pipeline = new FramePipeline(_handler, entry.Session);
        try
        {
            foreach (var raw in body.Frames)
            {
                if (entry.Session.IsClosing)
                    break;
                if (_codec.TryDecode(raw, out var frame, out var error))
                    await pipeline.HandleAsync(frame).ConfigureAwait(false);
                else
                    Refuse(entry.Session, error);
            }
            await pipeline.DrainAsync().ConfigureAwait(false);
        }
        finally
        {
            await pipeline.DrainAsync(observeErrors: false).ConfigureAwait(false);
            entry.Inbound.Release();
        }
        var frames = await TakeFramesAsync(entry, wait, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Bytes(frames, "application/json");
    }

    public void Dispose() => _sweeper.Dispose();

    private void Refuse(BridgeSession session, FrameException error)
    {
        LogBadFrame(_logger, session.EndpointId, (int)error.CloseStatus, error.Message);
        session.Close(error.CloseStatus, error.Message);
    }

    /// <summary>Closes sessions the agent stopped exchanging on.</summary>
    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (id, entry) in _sessions)
        {
            var limit = TimeSpan.FromTicks(Math.Max(entry.LongestWait.Ticks * 2, _options.PingInterval.Ticks * 2));
            if (_time.GetElapsedTime(entry.LastExchange, now) <= limit)
                continue;
            entry.Session.Close(BridgeCloseCodes.Normal, "no exchange on this session for too long");
            End(id, entry);
        }
    }

    private void End(string id, LongPollSession entry)
    {
        _sessions.TryRemove(new KeyValuePair<string, LongPollSession>(id, entry));
        _handler.Ended(entry.Session);
    }
}
