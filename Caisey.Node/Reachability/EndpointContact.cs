namespace Caisey.Node.Reachability;

/// <summary>The live evidence the tracker keeps about one endpoint; guarded by the tracker's lock.</summary>
internal sealed class EndpointContact
{
    public object? Session { get; set; }

    public string? Transport { get; set; }

    public DateTimeOffset? LastContactAt { get; set; }

    public DateTimeOffset? LastRoundTripAt { get; set; }

    public DateTimeOffset? FreshSince { get; set; }

    public double? LastRttMs { get; set; }

    public bool WorkWaiting { get; set; }

    public int? RetryAttempt { get; set; }

    public DateTimeOffset? NextRetryAt { get; set; }

    public DateTimeOffset? RetrySince { get; set; }

    /// <summary>The state last reported through <c>Changed</c>, and since when.</summary>
    public string LastState { get; set; } = ReachabilityStates.NeverConnected;

    public DateTimeOffset? LastStateSince { get; set; }

    /// <summary>Fires when the last round trip goes stale, so that the lapse is reported even without new events.</summary>
    public ITimer? FreshnessTimer { get; set; }
}
