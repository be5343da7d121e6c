using System.Diagnostics;
using Caisey.Node.Enrollment;
using Caisey.Node.Hosting;
using Caisey.Node.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Caisey.Node.LocalAgent;

/// <summary>
/// "First minute": enrolls a real agent process for this machine (once) and keeps it running beside the node,
/// restarting it with backoff when it exits. The agent ships in the node's output folder under <c>agent/</c>.
/// </summary>
public sealed partial class LocalAgentService(
    LocalAgentOptions options,
    IOptions<NodeOptions> node,
    EnrollmentTokenStore enrollmentTokens,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LocalAgentService> logger) : BackgroundService
{
    public static string AgentDll => Path.Combine(AppContext.BaseDirectory, "agent", "Caisey.Agent.dll");

    private string DataDir => string.IsNullOrEmpty(options.DataDir) ? Path.Combine(node.Value.DataDir, "local-agent") : options.DataDir;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
            return;
        if (!File.Exists(AgentDll))
        {
            LogMissing(logger, AgentDll);
            return;
        }
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
            return;
        var url = LoopbackUrl();
        if (!File.Exists(Path.Combine(DataDir, "credential.json")) && !await EnrollAsync(url, stoppingToken).ConfigureAwait(false))
            return;

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            var exitCode = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
                break;
            failures = time.GetElapsedTime(started) > TimeSpan.FromMinutes(1) ? 1 : failures + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)));
            LogExited(logger, exitCode, delay.TotalSeconds);
            await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<bool> EnrollAsync(string url, CancellationToken stoppingToken)
    {
        var (token, _) = enrollmentTokens.Issue(options.ClientGroupId is { Length: > 0 } g ? g : ClientGroup.DefaultId, 1, TimeSpan.FromMinutes(10), "local-agent");
        using var process = Process.Start(ChildProcess.DotnetExec(AgentDll, ["enroll", "--server", url, "--token", token, "--data-dir", DataDir]))!;
        var output = process.StandardOutput.ReadToEndAsync(stoppingToken);
        var errors = process.StandardError.ReadToEndAsync(stoppingToken);
        await process.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
        if (process.ExitCode == 0)
        {
            LogEnrolled(logger, DataDir);
            return true;
        }
        LogEnrollFailed(logger, process.ExitCode, (await errors.ConfigureAwait(false)).Trim() + (await output.ConfigureAwait(false)).Trim());
        return false;
    }

    private async Task<int> RunOnceAsync(CancellationToken stoppingToken)
    {
        using var process = new Process { StartInfo = ChildProcess.DotnetExec(AgentDll, ["run", "--data-dir", DataDir]) };
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) LogAgentLine(logger, line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) LogAgentLine(logger, line); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogStarted(logger, process.Id);
        try
        {
            await process.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ChildProcess.StopAsync(process, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        return process.HasExited ? process.ExitCode : -1;
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The node's own address as the local agent should dial it (a wildcard bind becomes loopback).</summary>
    private string LoopbackUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.First();
        var uri = new UriBuilder(address);
        if (uri.Host is "0.0.0.0" or "[::]" or "+" or "*" or "::")
            uri.Host = "127.0.0.1";
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
