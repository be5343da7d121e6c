using Caisey.Agent.Inventory;

namespace Caisey.Tests.Agent;

public sealed class PendingUpdatesProbeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Count_WhenTheListingHangs_ReturnsNullAfterItsShortTimeout()
    {
        var probe = new PendingUpdatesProbe(TimeProvider.System, "sh", ["-c", "sleep 30"], TimeSpan.FromMilliseconds(300), TimeSpan.Zero);

        var count = await probe.CountAsync().AsTask().Within("the probe to give up after 300 ms", TimeSpan.FromSeconds(10));

        Assert.Null(count);
    }

    [Fact]
    public async Task Count_WhenTheListingFails_ReturnsNull()
    {
        var probe = new PendingUpdatesProbe(TimeProvider.System, "sh", ["-c", "exit 100"], TimeSpan.FromSeconds(10), TimeSpan.Zero);

        Assert.Null(await probe.CountAsync().AsTask().Within("the failed listing"));
    }

    [Fact]
    public async Task Count_IsCachedUntilTheCacheDurationPasses()
    {
        var runs = _dir.File("runs");
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var probe = new PendingUpdatesProbe(clock, "sh", ["-c", $"echo run >> '{runs}'"], TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30));

        await probe.CountAsync().AsTask().Within("the first listing");
        clock.Advance(TimeSpan.FromMinutes(29));
        await probe.CountAsync().AsTask().Within("the cached answer");
        Assert.Single(await File.ReadAllLinesAsync(runs));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await probe.CountAsync().AsTask().Within("the second listing"));
        Assert.Equal(2, (await File.ReadAllLinesAsync(runs)).Length);
    }

    [Fact]
    public async Task Detect_OnThisMachine_ProbesAptWhereItIsInstalled()
    {
        var probe = PendingUpdatesProbe.Detect(TimeProvider.System);

        if (!File.Exists("/usr/bin/apt"))
        {
            Assert.Null(probe);
            return;
        }
        Assert.NotNull(probe);
        Assert.True(await probe.CountAsync().AsTask().Within("apt to list upgradable packages") >= 0,
            "apt is installed, so the count of pending updates must be known");
    }

    public void Dispose() => _dir.Dispose();
}
