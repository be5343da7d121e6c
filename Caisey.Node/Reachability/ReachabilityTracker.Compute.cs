namespace Caisey.Node.Reachability;

public sealed partial class ReachabilityTracker
{
    private void Update(string endpointId, Action<EndpointContact, DateTimeOffset> change)
    {
        bool changed;
        lock (_gate)
        {
            if (!_contacts.TryGetValue(endpointId, out var contact))
                _contacts[endpointId] = contact = new EndpointContact();
            var now = time.GetUtcNow();
            change(contact, now);
            changed = Record(contact, now);
        }
        if (changed)
            Changed?.Invoke(endpointId);
    }

    /// <summary>
    /// Re-reads the state when a round trip may have gone stale, and reports a transition. A timer that fires while the
    /// round trip still reads fresh (the timer's clock ran ahead of <see cref="TimeProvider.GetUtcNow"/>) is armed again
    /// for what is left: otherwise the state would turn stale unreported, seen only by the next read.
    /// </summary>
    private void Evaluate(string endpointId)
    {
        bool changed;
        lock (_gate)
        {
            if (!_contacts.TryGetValue(endpointId, out var contact))
                return;
            var now = time.GetUtcNow();
            changed = Record(contact, now);
            if (IsFresh(contact, now) && contact.LastRoundTripAt is { } last)
                ArmFreshness(contact, endpointId, last, now);
        }
        if (changed)
            Changed?.Invoke(endpointId);
    }

    /// <summary>Arms the contact's timer to evaluate it just after the round trip at <paramref name="last"/> goes stale.</summary>
    private void ArmFreshness(EndpointContact contact, string endpointId, DateTimeOffset last, DateTimeOffset now)
    {
        contact.FreshnessTimer ??= time.CreateTimer(static s => ((Action)s!)(), (Action)(() => Evaluate(endpointId)), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        contact.FreshnessTimer.Change(last + options.FreshFor - now + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Remembers the computed state; true when it differs from the last one reported (a transition).</summary>
    private bool Record(EndpointContact contact, DateTimeOffset now)
    {
        var state = State(contact, now);
        if (state == contact.LastState)
            return false;
        contact.LastState = state;
        contact.LastStateSince = SinceOf(contact, state, now);
        return true;
    }

    private ReachabilityView Compute(EndpointContact contact, DateTimeOffset now)
    {
        var state = State(contact, now);
        var since = state == contact.LastState ? contact.LastStateSince : SinceOf(contact, state, now);
        return state switch
        {
            ReachabilityStates.Reachable => new(state, since, contact.LastContactAt, contact.LastRttMs, null, null, contact.Transport),
            ReachabilityStates.Retrying => new(state, since, contact.LastContactAt, contact.LastRttMs, contact.NextRetryAt, contact.RetryAttempt, contact.Transport),
            ReachabilityStates.NeverConnected => ReachabilityView.NeverConnected,
            _ => new(state, since, contact.LastContactAt, contact.LastRttMs, null, null, contact.Transport),
        };
    }

    private string State(EndpointContact contact, DateTimeOffset now)
    {
        if (contact.RetryAttempt is not null)
            return ReachabilityStates.Retrying;
        if (IsFresh(contact, now))
            return ReachabilityStates.Reachable;
        if (contact.LastContactAt is null)
            return ReachabilityStates.NeverConnected;
        return contact.WorkWaiting ? ReachabilityStates.Connecting : ReachabilityStates.Unreachable;
    }

    /// <summary>When the state began: a stale round trip lapsed at its freshness deadline, anything else now.</summary>
    private DateTimeOffset? SinceOf(EndpointContact contact, string state, DateTimeOffset now) => state switch
    {
        ReachabilityStates.Reachable => contact.FreshSince ?? now,
        ReachabilityStates.Retrying => contact.RetrySince ?? now,
        ReachabilityStates.NeverConnected => null,
        _ when contact.Session is not null && contact.LastRoundTripAt is { } last && last + options.FreshFor < now => last + options.FreshFor,
        _ => now,
    };

    private bool IsFresh(EndpointContact contact, DateTimeOffset now) =>
        contact.Session is not null && contact.LastRoundTripAt is { } last && now - last <= options.FreshFor;
}
