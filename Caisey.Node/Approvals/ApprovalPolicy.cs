namespace Caisey.Node.Approvals;

/// <summary>Approval policies, per client group or machine (a machine's own policy wins).</summary>
public static class ApprovalPolicy
{
    /// <summary>Commands run without asking.</summary>
    public const string None = "none";

    /// <summary>Commands run without asking; the machine's user sees them in the agent's log.</summary>
    public const string Notify = "notify";

    /// <summary>Commands wait for the machine user's consent and fail <c>approval-denied</c> without it.</summary>
    public const string RequireConsent = "require-consent";

    public static bool IsKnown(string? policy) => policy is None or Notify or RequireConsent;
}
