namespace Caisey.Node.Reachability;

/// <summary>
/// The live reachability overlay, computed on read from timestamps: <c>retrying</c> while an unacknowledged dispatch
/// waits for its next attempt; <c>reachable</c> while a bridge is open and its last acknowledged round trip is within
/// <see cref="ReachabilityOptions.FreshFor"/>; <c>never-connected</c> when the endpoint was never heard from;
/// <c>connecting</c> while work waits for a bridge; <c>unreachable</c> otherwise. A doorbell poll is contact, never reachability.
/// </summary>
/// <remarks>Kept in memory: after a node restart every endpoint starts as <c>never-connected</c> until it makes contact.</remarks>
public sealed partial class ReachabilityTracker(ReachabilityOptions options, TimeProvider time) : IReachabilityTracker, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EndpointContact> _contacts = new(StringComparer.Ordinal);

    public event Action<string>? Changed;

    public TimeSpan FreshFor => options.FreshFor;

    /// <summary>Whether this node has heard from the endpoint since it started (its bridge or doorbell came here).</summary>
    public bool Knows(string endpointId)
    {
        lock (_gate)
            return _contacts.ContainsKey(endpointId);
    }

    public ReachabilityView Get(string endpointId)
    {
        lock (_gate)
            return _contacts.TryGetValue(endpointId, out var contact) ? Compute(contact, time.GetUtcNow()) : ReachabilityView.NeverConnected;
    }

    /// <summary>A bridge session opened (hello answered); <paramref name="session"/> identifies it for <see cref="SessionClosed"/>.</summary>
    public void SessionOpened(string endpointId, object session, string transport) => Update(endpointId, (c, now) =>
    {
        c.Session = session;
        c.Transport = transport;
        c.LastContactAt = now;
        c.LastRoundTripAt = null;
        c.FreshSince = null;
    });

    /// <summary>The session closed; ignored when a newer session already replaced it.</summary>
    public void SessionClosed(string endpointId, object session) => Update(endpointId, (c, _) =>
    {
        if (!ReferenceEquals(c.Session, session))
            return;
        c.Session = null;
        c.LastRoundTripAt = null;
        c.FreshSince = null;
        c.FreshnessTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    });

    /// <summary>An acknowledged round trip (pong, or ack of a node request) on <paramref name="session"/> took <paramref name="rtt"/>.</summary>
    public void RoundTrip(string endpointId, object session, TimeSpan rtt) => Update(endpointId, (c, now) =>
    {
        if (!ReferenceEquals(c.Session, session))
            return;
        if (!IsFresh(c, now))
            c.FreshSince = now;
        c.LastRoundTripAt = now;
        c.LastContactAt = now;
        c.LastRttMs = Math.Round(rtt.TotalMilliseconds, 3);
        ArmFreshness(c, endpointId, now, now);
    });

    /// <summary>The endpoint was heard from (any frame, a doorbell poll): updates <c>lastContactAt</c> only.</summary>
    public void Contact(string endpointId) => Update(endpointId, (c, now) => c.LastContactAt = now);

    /// <summary>Whether commands wait for a bridge to this endpoint (shown as <c>connecting</c> while it has none).</summary>
    public void WorkWaiting(string endpointId, bool waiting) => Update(endpointId, (c, _) => c.WorkWaiting = waiting);

    /// <summary>A dispatch went unacknowledged; attempt <paramref name="attempt"/> failed and the next is at <paramref name="nextRetryAt"/>.</summary>
    public void Retrying(string endpointId, int attempt, DateTimeOffset nextRetryAt) => Update(endpointId, (c, now) =>
    {
        c.RetrySince ??= now;
        c.RetryAttempt = attempt;
        c.NextRetryAt = nextRetryAt;
    });

    /// <summary>No dispatch of this endpoint waits for a retry any more.</summary>
    public void RetryCleared(string endpointId) => Update(endpointId, (c, _) =>
    {
        c.RetrySince = null;
        c.RetryAttempt = null;
        c.NextRetryAt = null;
    });

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var contact in _contacts.Values)
                contact.FreshnessTimer?.Dispose();
            _contacts.Clear();
        }
    }
}
