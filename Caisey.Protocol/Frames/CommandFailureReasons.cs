namespace Caisey.Protocol.Frames;

/// <summary>
/// The typed reasons of <see cref="CommandFailed"/>. The wire carries them as strings so that a peer
/// can add reasons without breaking older peers.
/// </summary>
public static class CommandFailureReasons
{
    /// <summary>The command ran longer than its timeout; its process tree was killed.</summary>
    public const string TimedOut = "timed-out";

    /// <summary>The agent restarted while the command ran; it is never re-run.</summary>
    public const string AgentRestarted = "agent-restarted";

    /// <summary>The agent refused the command (unknown shell, shell not installed, invalid request).</summary>
    public const string Rejected = "rejected";

    /// <summary>The end user denied consent.</summary>
    public const string ApprovalDenied = "approval-denied";

    /// <summary>The output passed its limit; capture stopped and the process tree was killed.</summary>
    public const string OutputLimit = "output-limit";

    /// <summary>The command was cancelled on request; its process tree was killed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The agent itself failed while running the command (a bug or a broken machine); see the detail.</summary>
    public const string AgentError = "agent-error";
}
