using Caisey.Node.Bridge;
using Caisey.Protocol.Frames;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Bridge;

public sealed class BridgePingerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly BridgeOptions _options = new() { PingInterval = TimeSpan.FromSeconds(5), DeadAfter = TimeSpan.FromSeconds(60) };

    private BridgeSession NewSession(string endpointId = "ep-1") => new(endpointId, BridgeTransports.WebSocket, _time);

    /// <summary>The pings queued for the agent since the last call (no sender attached: frames wait in the queue).</summary>
    private static List<Ping> TakePings(BridgeSession session)
    {
        var pings = new List<Ping>();
        while (session.Outbound.TryRead(out var frame))
        {
            if (frame is Ping ping)
                pings.Add(ping);
        }
        return pings;
    }

    [Fact]
    public void Tick_IsAFifthOfThePingInterval_AtMostOneSecond()
    {
        using var fast = new BridgePinger(new BridgeOptions { PingInterval = TimeSpan.FromMilliseconds(200) }, _time);
        using var slow = new BridgePinger(_options, _time);

        Assert.Equal(TimeSpan.FromMilliseconds(40), fast.Tick);
        Assert.Equal(TimeSpan.FromSeconds(1), slow.Tick);
    }

    [Fact]
    public void AnAddedBridge_IsPingedAtOnce_ThenOncePerInterval()
    {
        using var pinger = new BridgePinger(_options, _time);
        var session = NewSession();

        pinger.Add(session);
        Assert.Single(TakePings(session));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(TakePings(session));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(TakePings(session));
        // 30 s more, answered: six intervals, six pings (one per interval, however many ticks).
        var pinged = 0;
        for (var s = 0; s < 30; s++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            foreach (var ping in TakePings(session))
            {
                pinged++;
                session.CompletePing(ping.Id);
            }
        }
        Assert.Equal(6, pinged);
        Assert.False(session.IsClosing);
    }

    [Fact]
    public void ABridgeThatAnswersNothingForDeadAfter_IsClosedWithAckTimeout_AndForgotten()
    {
        using var pinger = new BridgePinger(_options, _time);
        var silent = NewSession("ep-silent");
        var answering = NewSession("ep-answering");
        pinger.Add(silent);
        pinger.Add(answering);

        for (var s = 0; s < 61; s++)
        {
            foreach (var ping in TakePings(answering))
                answering.CompletePing(ping.Id);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(silent.IsClosing);
        Assert.Equal(BridgeCloseCodes.AckTimeout, silent.CloseStatus);
        Assert.Contains("no pong or ack for 60 s", silent.CloseReason, StringComparison.Ordinal);
        Assert.False(answering.IsClosing);
        Assert.Equal(1, pinger.Count);
    }

    [Fact]
    public void AClosedBridge_IsNoLongerPinged_AndRemoveForgetsOneAtOnce()
    {
        using var pinger = new BridgePinger(_options, _time);
        var closed = NewSession("ep-closed");
        var removed = NewSession("ep-removed");
        pinger.Add(closed);
        pinger.Add(removed);
        TakePings(removed);

        closed.Close(BridgeCloseCodes.Normal, "bye");
        pinger.Remove(removed);
        Assert.Equal(1, pinger.Count);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, pinger.Count);
        Assert.Empty(TakePings(removed));
    }
}
