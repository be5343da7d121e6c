using System.Runtime.InteropServices;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Inventory;

/// <summary>
/// Collects the machine's inventory for a check-in. Fast and never throws: whatever cannot be read
/// cheaply is null.
/// </summary>
public sealed class InventoryCollector(InventoryCollectorOptions options, TimeProvider timeProvider, PendingUpdatesProbe? pendingUpdates = null)
{
    public async ValueTask<AgentInventory> CollectAsync(CancellationToken cancellationToken = default)
    {
        var pending = PendingUpdatesAsync(cancellationToken);
        var load = ProcParsers.LoadAverages(ReadProc("loadavg"));
        var (free, total) = Disk();
        return new AgentInventory(
            Hostname: Try(() => Environment.MachineName) ?? "unknown",
            OsPlatform: Platform(),
            OsDescription: RuntimeInformation.OSDescription,
            Architecture: RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            AgentVersion: AgentVersion.Current,
            ProcessorCount: Environment.ProcessorCount,
            CollectedAt: timeProvider.GetUtcNow(),
            OsName: ProcParsers.OsPrettyName(ReadFile(options.OsReleasePath)),
            KernelVersion: OperatingSystem.IsLinux()
                ? ProcParsers.NullIfEmpty(ReadProc("sys/kernel/osrelease"))
                : Environment.OSVersion.Version.ToString(),
            UptimeSeconds: OperatingSystem.IsLinux()
                ? ProcParsers.UptimeSeconds(ReadProc("uptime"))
                : Environment.TickCount64 / 1000,
            LoadAverage1m: load?.One,
            LoadAverage5m: load?.Five,
            LoadAverage15m: load?.Fifteen,
            FreeDiskBytes: free,
            TotalDiskBytes: total,
            PendingUpdates: await pending.ConfigureAwait(false));
    }

    private async Task<int?> PendingUpdatesAsync(CancellationToken cancellationToken)
    {
        if (pendingUpdates is null)
            return null;
        try
        {
            return await pendingUpdates.CountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private (long? Free, long? Total) Disk()
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(options.DataDirectory));
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception)
        {
            return (null, null);
        }
    }

    private static string Platform() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "macos"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "unknown";

    private string? ReadProc(string relativePath) => ReadFile(Path.Combine(options.ProcDirectory, relativePath));

    private static string? ReadFile(string path) => Try(() => File.Exists(path) ? File.ReadAllText(path) : null);

    private static T? Try<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception)
        {
            return null;
        }
    }
}
