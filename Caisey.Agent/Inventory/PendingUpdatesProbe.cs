using System.Diagnostics;

namespace Caisey.Agent.Inventory;

/// <summary>
/// Counts pending package updates by running a package manager's listing with a short timeout, and
/// remembers the answer for a while (listing is not free). Returns null whenever it cannot tell.
/// </summary>
public sealed class PendingUpdatesProbe(
    TimeProvider timeProvider,
    string fileName,
    IReadOnlyList<string> arguments,
    TimeSpan timeout,
    TimeSpan cacheFor)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int? Count, DateTimeOffset At)? _cached;

    /// <summary>The probe for this machine: <c>apt list --upgradable</c> on Debian-like systems; null elsewhere.</summary>
    public static PendingUpdatesProbe? Detect(TimeProvider timeProvider) =>
        OperatingSystem.IsLinux() && File.Exists("/usr/bin/apt")
            ? new PendingUpdatesProbe(timeProvider, "/usr/bin/apt", ["list", "--upgradable"], TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30))
            : null;

    public async ValueTask<int?> CountAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            if (_cached is { } cached && now - cached.At < cacheFor)
                return cached.Count;
            var count = await RunAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            _cached = (count, now);
            return count;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int?> RunAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = startInfo };
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            process.Start();
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
            return process.ExitCode == 0 ? ProcParsers.CountUpgradable(output) : null;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception kill) when (kill is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Never started, or already gone.
            }
            return null;
        }
    }
}
