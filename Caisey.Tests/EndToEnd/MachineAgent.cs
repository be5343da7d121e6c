using System.Diagnostics;
using Caisey.Agent.Enrollment;
using Caisey.Tests.Agent.Bridge;

namespace Caisey.Tests.EndToEnd;

/// <summary>
/// One managed machine: an enrolled agent data directory and, while it runs, the real agent process
/// (<c>caisey-agent run</c>). Restarting keeps the data directory, so the agent's command journal survives.
/// </summary>
public sealed class MachineAgent : IAsyncDisposable
{
    /// <summary>Fast reconnects, so a test does not wait out the production backoff.</summary>
    public static readonly string[] FastReconnect = ["caisey.agent.reconnect.min=50ms", "caisey.agent.reconnect.max=1s", "caisey.agent.connect-timeout=5s"];

    private readonly List<string> _logs = [];

    private MachineAgent(string name, string dataDir, AgentCredential credential)
    {
        Name = name;
        DataDir = dataDir;
        Credential = credential;
    }

    public string Name { get; }

    public string DataDir { get; }

    public AgentCredential Credential { get; }

    public string EndpointId => Credential.EndpointId;

    public AgentProcess? Process { get; private set; }

    /// <summary>Every run's output so far, the current one last.</summary>
    public string Output => string.Join("\n--- agent restarted ---\n", [.. _logs, Process?.Output ?? ""]);

    /// <summary>Runs <c>caisey-agent enroll</c> against <paramref name="serverUrl"/> with a fresh token.</summary>
    public static async Task<MachineAgent> EnrollAsync(string name, string dataDir, string serverUrl, string enrollmentToken)
    {
        var (exitCode, output) = await AgentProcess.RunAsync("enroll", "--server", serverUrl, "--token", enrollmentToken, "--data-dir", dataDir);
        Assert.True(exitCode == 0, $"Expected 'caisey-agent enroll' to succeed, it exited {exitCode}: {output}");
        var credential = await new CredentialStore(dataDir).LoadAsync();
        Assert.NotNull(credential);
        return new MachineAgent(name, dataDir, credential);
    }

    /// <summary>Starts <c>caisey-agent run</c> with <see cref="FastReconnect"/> and the given settings.</summary>
    public void Start(params string[] sets)
    {
        Assert.True(Process is null or { HasExited: true }, $"agent {Name} is already running");
        if (Process is not null)
        {
            _logs.Add(Process.Output);
            Process.Dispose();
        }
        var args = new List<string> { "run", "--data-dir", DataDir };
        foreach (var set in FastReconnect.Concat(sets))
            args.AddRange(["--set", set]);
        Process = AgentProcess.Start([.. args]);
    }

    /// <summary>SIGKILL: the agent (and what it runs) dies without running any shutdown code.</summary>
    public async Task KillAsync()
    {
        if (Process is not null)
            await Process.KillAsync();
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (Process is null || Process.HasExited)
            return;
        await SignalAsync("TERM");
        await Process.WaitForExitAsync($"agent {Name} to exit after SIGTERM");
    }

    /// <summary>SIGSTOP: the process freezes; its sockets stay open.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        Assert.True(Process is { HasExited: false }, $"agent {Name} is not running, cannot send SIG{signal}");
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", [$"-{signal}", Process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {Process.Id} exited {kill.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is { HasExited: false })
        {
            // A frozen process cannot die of SIGKILL until it is scheduled; SIGCONT first is harmless otherwise.
            await ThawAsync();
            await Process.KillAsync();
        }
        Process?.Dispose();
    }
}
