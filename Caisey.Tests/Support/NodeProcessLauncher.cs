using System.Diagnostics;

namespace Caisey.Testing;

/// <summary>
/// Starts a node as a real process — <c>dotnet exec Caisey.Node.dll serve</c> on 127.0.0.1 with its own data directory,
/// the bootstrap admin's password, no local agent, plus <c>--set</c> lines — waits for <c>/readyz</c>, and kills it.
/// One file for the tests (<c>NodeProcessHost</c>) and the benchmarks (<c>NodeProcess</c>, linked into Caisey.Bench).
/// </summary>
internal static class NodeProcessLauncher
{
    /// <summary>Starts the process; every line it writes (stdout and stderr) goes to <paramref name="onLine"/>.</summary>
    public static Process Start(string nodeDll, Uri baseAddress, string dataDir, string adminPassword, IEnumerable<string> sets, Action<string> onLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", nodeDll, "serve", "--urls", baseAddress.ToString().TrimEnd('/'), "--data-dir", dataDir,
                     "--set", $"caisey.auth.bootstrap-admin.password=\"{adminPassword}\"", "--set", "caisey.node.local-agent.enabled=false"])
            start.ArgumentList.Add(arg);
        foreach (var set in sets)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(set);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls <c>/readyz</c> every 100 ms until it answers 200; fails when the process exits first or after <paramref name="within"/>.</summary>
    public static async Task WaitReadyAsync(Process process, Uri baseAddress, TimeSpan within, Func<string> output)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var ready = Stopwatch.StartNew();
        while (ready.Elapsed < within)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The node at {baseAddress} exited with code {process.ExitCode} before it was ready:\n{output()}");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The node at {baseAddress} was not ready within {within.TotalSeconds} s:\n{output()}");
    }

    /// <summary>SIGKILL (no shutdown code runs); completes when the process is gone.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
