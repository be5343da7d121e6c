using Caisey.Node.Reachability;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Bridge;

public sealed class ReachabilityTrackerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ReachabilityTracker _tracker;
    private readonly List<string> _changes = [];
    private readonly object _session = new();

    public ReachabilityTrackerTests()
    {
        _tracker = new ReachabilityTracker(new ReachabilityOptions { FreshFor = TimeSpan.FromSeconds(15) }, _time);
        _tracker.Changed += id => _changes.Add(id + ":" + _tracker.Get(id).State);
    }

    [Fact]
    public void UnknownEndpoint_IsNeverConnected() =>
        Assert.Equal(ReachabilityStates.NeverConnected, _tracker.Get("ep-1").State);

    [Fact]
    public void OpenSession_IsReachableOnlyAfterARoundTrip_AndShowsRtt()
    {
        _tracker.SessionOpened("ep-1", _session, "websocket");
        Assert.Equal(ReachabilityStates.Unreachable, _tracker.Get("ep-1").State);

        _tracker.RoundTrip("ep-1", _session, TimeSpan.FromMilliseconds(12.5));

        var view = _tracker.Get("ep-1");
        Assert.Equal(ReachabilityStates.Reachable, view.State);
        Assert.Equal(12.5, view.LastRttMs);
        Assert.Equal("websocket", view.Transport);
        Assert.Equal(_time.GetUtcNow(), view.Since);
    }

    [Fact]
    public void StaleRoundTrip_LeavesReachable_OnReadAndWithAChangedEvent()
    {
        _tracker.SessionOpened("ep-1", _session, "websocket");
        _tracker.RoundTrip("ep-1", _session, TimeSpan.FromMilliseconds(3));
        var lastRoundTrip = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(ReachabilityStates.Reachable, _tracker.Get("ep-1").State);
        _time.Advance(TimeSpan.FromMilliseconds(2));

        var view = _tracker.Get("ep-1");
        Assert.Equal(ReachabilityStates.Unreachable, view.State);
        Assert.Equal(lastRoundTrip, view.LastContactAt);
        Assert.Equal("ep-1:unreachable", _changes[^1]);
    }

    [Fact]
    public void FreshnessTimerThatFiresWhileTheWallClockLags_IsArmedAgain_AndTheTransitionIsReported()
    {
        // Timers run on a monotonic clock, GetUtcNow on the wall clock: the timer may fire while the round trip still
        // reads fresh (a CI run saw the endpoint turn unreachable with no event). Here the wall clock falls 5 ms behind.
        var wall = new LaggingClock(_time);
        using var tracker = new ReachabilityTracker(new ReachabilityOptions { FreshFor = TimeSpan.FromSeconds(15) }, wall);
        var changes = new List<string>();
        tracker.Changed += id => changes.Add(tracker.Get(id).State);
        tracker.SessionOpened("ep-1", _session, "websocket");
        tracker.RoundTrip("ep-1", _session, TimeSpan.FromMilliseconds(3));
        Assert.Equal(ReachabilityStates.Reachable, changes[^1]);

        wall.Lag = TimeSpan.FromMilliseconds(5);
        _time.Advance(TimeSpan.FromSeconds(15) + TimeSpan.FromMilliseconds(2)); // the timer fires; the wall clock says 14.997 s
        Assert.Equal(ReachabilityStates.Reachable, changes[^1]);

        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(ReachabilityStates.Unreachable, changes[^1]);
    }

    /// <summary>The test clock's timers, with a wall clock <see cref="Lag"/> behind them.</summary>
    private sealed class LaggingClock(FakeTimeProvider inner) : TimeProvider
    {
        public TimeSpan Lag { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() - Lag;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }

    [Fact]
    public void Retrying_ShowsAttemptAndNextRetry_OverReachable()
    {
        _tracker.SessionOpened("ep-1", _session, "websocket");
        _tracker.RoundTrip("ep-1", _session, TimeSpan.FromMilliseconds(3));
        var next = _time.GetUtcNow().AddSeconds(2);

        _tracker.Retrying("ep-1", 1, next);
        var view = _tracker.Get("ep-1");
        Assert.Equal((ReachabilityStates.Retrying, 1, next), (view.State, view.Attempt, view.NextRetryAt));

        _tracker.RetryCleared("ep-1");
        Assert.Equal(ReachabilityStates.Reachable, _tracker.Get("ep-1").State);
    }

    [Fact]
    public void WorkWaiting_WithoutABridge_IsConnecting_AndDoorbellContactIsNotReachable()
    {
        _tracker.Contact("ep-1");
        Assert.Equal(ReachabilityStates.Unreachable, _tracker.Get("ep-1").State);
        _tracker.WorkWaiting("ep-1", true);
        Assert.Equal(ReachabilityStates.Connecting, _tracker.Get("ep-1").State);
        Assert.Equal(["ep-1:unreachable", "ep-1:connecting"], _changes);
    }

    [Fact]
    public void RoundTripOfASupersededSession_IsIgnored()
    {
        _tracker.SessionOpened("ep-1", _session, "websocket");
        _tracker.SessionOpened("ep-1", new object(), "long-poll");
        _tracker.RoundTrip("ep-1", _session, TimeSpan.FromMilliseconds(3));
        Assert.NotEqual(ReachabilityStates.Reachable, _tracker.Get("ep-1").State);
        _tracker.SessionClosed("ep-1", _session);
        Assert.Equal("long-poll", _tracker.Get("ep-1").Transport);
    }
}
