using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// Pings every open bridge from one timer: a bridge is pinged when it opens and then once per ping interval, and a
/// bridge that answered nothing (no pong, no ack) for <c>dead-after</c> is closed.
/// </summary>
/// <remarks>
/// One timer for the node instead of a loop per bridge parked on a delay: the loop's state, its delay timer and the
/// delay's cancellation registration were ~0.5 KiB of every idle connection. The timer ticks five times per ping
/// interval (at most once a second), so a ping leaves at most a fifth of an interval late.
/// </remarks>
public sealed class BridgePinger : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<BridgeSession> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly BridgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private BridgeSession[] _due = [];
    private int _ticking;

    public BridgePinger(BridgeOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Tick = TimeSpan.FromTicks(Math.Clamp(options.PingInterval.Ticks / 5, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(static s => ((BridgePinger)s!).PingDue(), this, Tick, Tick);
    }

    /// <summary>How often the pinger looks for bridges due a ping.</summary>
    public TimeSpan Tick { get; }

    /// <summary>Bridges being pinged.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _sessions.Count;
        }
    }

    /// <summary>Pings <paramref name="session"/> now and then every ping interval until it closes.</summary>
    public void Add(BridgeSession session)
    {
        lock (_lock)
            _sessions.Add(session);
        session.Ping();
    }

    public void Remove(BridgeSession session)
    {
        lock (_lock)
            _sessions.Remove(session);
    }

    /// <summary>One pass: forgets closed bridges, closes dead ones, pings those whose last ping is an interval old.</summary>
    internal void PingDue()
    {
        // A pass that outlasts a tick (a huge fleet on a starved machine) is not run twice at once.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
            return;
        try
        {
            int count;
            lock (_lock)
            {
                count = _sessions.Count;
                if (_due.Length < count)
                    _due = new BridgeSession[Math.Max(count, _due.Length * 2)];
                _sessions.CopyTo(_due);
            }
            for (var i = 0; i < count; i++)
            {
                var session = _due[i];
                _due[i] = null!;
                if (session.IsClosing)
                    Remove(session);
                else if (session.SinceRoundTrip > _options.DeadAfter)
                {
                    session.Close(BridgeCloseCodes.AckTimeout, $"no pong or ack for {_options.DeadAfter.TotalSeconds:0.#} s");
                    Remove(session);
                }
                else if (session.SincePing >= _options.PingInterval)
                    session.Ping();
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
