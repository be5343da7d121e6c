namespace Caisey.Agent.Inventory;

/// <summary>Where <see cref="InventoryCollector"/> looks. The defaults are this machine's real files.</summary>
public sealed class InventoryCollectorOptions
{
    /// <summary>The agent's data directory; free disk is reported for its drive.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Linux's proc file system.</summary>
    public string ProcDirectory { get; init; } = "/proc";

    /// <summary>The os-release file that names the distribution.</summary>
    public string OsReleasePath { get; init; } = "/etc/os-release";
}
