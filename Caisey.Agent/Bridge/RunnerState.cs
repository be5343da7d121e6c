namespace Caisey.Agent.Bridge;

/// <summary>What <see cref="AgentRunner"/> carries from one turn of its loop to the next.</summary>
internal sealed class RunnerState(DateTimeOffset start)
{
    /// <summary>A bridge is wanted (start, doorbell rang, check-in due) and not yet opened.</summary>
    public bool WantBridge { get; set; } = true;

    /// <summary>When the next check-in is due.</summary>
    public DateTimeOffset NextCheckIn { get; set; } = start;

    /// <summary>Failed tries in a row to open a bridge (or credential rejections).</summary>
    public int Failures { get; set; }

    public int DoorbellFailures { get; set; }

    /// <summary>The doorbell kept failing: open the bridge on the check-in interval instead.</summary>
    public bool Polling { get; set; }
}
