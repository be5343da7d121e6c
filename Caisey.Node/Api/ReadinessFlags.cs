namespace Caisey.Node.Api;

/// <summary>The flags of <c>readiness.flags</c>.</summary>
public static class ReadinessFlags
{
    /// <summary>The agent never checked in since enrollment.</summary>
    public const string NeverCheckedIn = "never-checked-in";

    /// <summary>No check-in for longer than <see cref="ApiOptions.SilentAfter"/>.</summary>
    public const string Silent = "silent";

    /// <summary>The machine reported pending OS updates.</summary>
    public const string PendingUpdates = "pending-updates";

    /// <summary>No bridge was ever opened to the machine.</summary>
    public const string NeverConnected = "never-connected";
}
