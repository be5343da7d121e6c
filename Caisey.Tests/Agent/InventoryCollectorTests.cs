using Caisey.Agent.Inventory;

namespace Caisey.Tests.Agent;

public sealed class InventoryCollectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private InventoryCollector Collector(string procDirectory, string osRelease, PendingUpdatesProbe? probe = null) =>
        new(new InventoryCollectorOptions { DataDirectory = _dir.Path, ProcDirectory = procDirectory, OsReleasePath = osRelease },
            TimeProvider.System, probe);

    private string FakeProc(string uptime, string loadavg, string osrelease)
    {
        var proc = _dir.File("proc");
        Directory.CreateDirectory(Path.Combine(proc, "sys", "kernel"));
        File.WriteAllText(Path.Combine(proc, "uptime"), uptime);
        File.WriteAllText(Path.Combine(proc, "loadavg"), loadavg);
        File.WriteAllText(Path.Combine(proc, "sys", "kernel", "osrelease"), osrelease);
        return proc;
    }

    [Fact]
    public async Task Collect_OnThisMachine_ReportsHostnameVersionKernelUptimeAndFreeDisk()
    {
        var inventory = await Collector("/proc", "/etc/os-release").CollectAsync();

        Assert.Equal(Environment.MachineName, inventory.Hostname);
        Assert.Equal(AgentVersion.Current, inventory.AgentVersion);
        Assert.False(string.IsNullOrWhiteSpace(inventory.AgentVersion));
        Assert.Equal("linux", inventory.OsPlatform);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), inventory.KernelVersion);
        Assert.True(inventory.UptimeSeconds > 0, "uptime must come from /proc/uptime");
        Assert.NotNull(inventory.LoadAverage1m);
        Assert.True(inventory.FreeDiskBytes > 0, "free disk of the data directory's drive must be known");
        Assert.True(inventory.TotalDiskBytes >= inventory.FreeDiskBytes);
    }

    [Fact]
    public async Task Collect_ReadsUptimeLoadKernelAndOsNameFromTheirFiles()
    {
        var proc = FakeProc("12345.67 99.00\n", "0.50 1.25 2.00 1/234 5678\n", "6.1.0-test-amd64\n");
        var osRelease = _dir.File("os-release");
        await File.WriteAllTextAsync(osRelease, "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");

        var inventory = await Collector(proc, osRelease).CollectAsync();

        Assert.Equal(12345, inventory.UptimeSeconds);
        Assert.Equal((0.50, 1.25, 2.00), (inventory.LoadAverage1m, inventory.LoadAverage5m, inventory.LoadAverage15m));
        Assert.Equal("6.1.0-test-amd64", inventory.KernelVersion);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", inventory.OsName);
        Assert.Null(inventory.PendingUpdates);
    }

    [Fact]
    public async Task Collect_WithGarbledOrMissingFiles_ReportsNullsInsteadOfThrowing()
    {
        var proc = FakeProc("not a number", "x y", "  \n");

        var inventory = await Collector(proc, _dir.File("missing-os-release")).CollectAsync();

        Assert.Null(inventory.UptimeSeconds);
        Assert.Null(inventory.LoadAverage1m);
        Assert.Null(inventory.KernelVersion);
        Assert.Null(inventory.OsName);
        Assert.Equal(Environment.MachineName, inventory.Hostname);
    }

    [Fact]
    public async Task Collect_WithAPendingUpdatesProbe_ReportsItsCount()
    {
        var probe = new PendingUpdatesProbe(TimeProvider.System, "sh",
            ["-c", "printf 'Listing...\\nfoo/stable 2.0 amd64 [upgradable from: 1.0]\\nbar/stable 3.0 amd64 [upgradable from: 2.0]\\n'"],
            TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30));

        var inventory = await Collector("/proc", "/etc/os-release", probe).CollectAsync().AsTask().Within("the inventory");

        Assert.Equal(2, inventory.PendingUpdates);
    }

    public void Dispose() => _dir.Dispose();
}
