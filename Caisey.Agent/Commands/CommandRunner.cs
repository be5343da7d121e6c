using System.ComponentModel;
using System.Diagnostics;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>
/// Runs one script in a shell process and streams its output as it comes. Ends every run with a
/// <see cref="CommandResult"/>: a finish with the exit code (non-zero included), or a failure with a
/// typed reason — <c>timed-out</c>, <c>output-limit</c>, <c>cancelled</c> (all three kill the whole
/// process tree) or <c>rejected</c> (the process could not start).
/// </summary>
public sealed class CommandRunner : IDisposable
{
    // How long after a command ends its kind's next shell is started: past the result's own journaling and sending.
    private static readonly TimeSpan PrestartDelay = TimeSpan.FromMilliseconds(10);

    private readonly TimeProvider _timeProvider;
    private readonly CommandRunnerOptions _options;
    private readonly PrestartedShells? _shells;

    public CommandRunner(TimeProvider timeProvider, CommandRunnerOptions? options = null)
    {
        _timeProvider = timeProvider;
        _options = options ?? new CommandRunnerOptions();
        if (_options.PrestartShell)
        {
            _shells = new PrestartedShells(_options.WorkingDirectory ?? "");
            _shells.Prestart(CommandShell.Default);
        }
    }

    /// <summary>Commands that ran in a shell started ahead of them (<see cref="CommandRunnerOptions.PrestartShell"/>).</summary>
    public long PrestartedRuns => _shells?.Used ?? 0;

    /// <summary>Shells started and waiting for the next command.</summary>
    public int IdleShells => _shells?.Idle ?? 0;

    /// <summary>Lets the shells waiting for a command go (they exit); running commands are not touched.</summary>
    public void Dispose() => _shells?.Dispose();

    /// <summary>
    /// Runs <paramref name="request"/> to its end. Cancelling <paramref name="cancellationToken"/> kills
    /// the process tree and returns a <c>cancelled</c> failure; it does not throw.
    /// </summary>
    public async Task<CommandResult> RunAsync(CommandRequest request, ICommandSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (!CommandShell.TryCreateStartInfo(request.Shell, request.Script, out var startInfo, out var error))
            return CommandResult.Failed(request.CommandId, CommandFailureReasons.Rejected, error);
        if (request.Timeout <= TimeSpan.Zero || request.OutputLimitBytes <= 0)
            return CommandResult.Failed(request.CommandId, CommandFailureReasons.Rejected, "Timeout and output limit must be positive.");
        startInfo.WorkingDirectory = _options.WorkingDirectory ?? "";

        var shell = string.IsNullOrWhiteSpace(request.Shell) ? CommandShell.Default : request.Shell;
        var started = _timeProvider.GetTimestamp();
        Process process;
        try
        {
            process = await StartAsync(shell, request.Script, startInfo).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            return CommandResult.Failed(request.CommandId, CommandFailureReasons.Rejected, $"Shell '{startInfo.FileName}' could not be started: {e.Message}");
        }
        using var owned = process;
        try
        {
            return await RunStartedAsync(request, process, started, sink, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The next command of this kind finds its shell started; this one's result does not wait for that.
            if (_shells is not null)
                _ = PrestartLaterAsync(_shells, shell);
        }
    }

    private async Task PrestartLaterAsync(PrestartedShells shells, string shell)
    {
        await Task.Delay(PrestartDelay, _timeProvider).ConfigureAwait(false);
        shells.Prestart(shell);
    }

    /// <summary>A shell running <paramref name="script"/>: one started ahead when ready, else a new one (throws when it cannot start).</summary>
    private async Task<Process> StartAsync(string shell, string script, ProcessStartInfo startInfo)
    {
        if (_shells?.Take(shell) is { } prestarted && await _shells.TryStartAsync(prestarted, script).ConfigureAwait(false))
            return prestarted;
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.StandardInput.Close();
        return process;
    }

    private async Task<CommandResult> RunStartedAsync(CommandRequest request, Process process, long started, ICommandSink sink, CancellationToken cancellationToken)
    {
        using var capture = new OutputCapture(request.CommandId, request.OutputLimitBytes, _options.ReadBufferBytes, sink);
        using var stopReading = new CancellationTokenSource();
        try
        {
            await sink.StartedAsync(request.CommandId, stopReading.Token).ConfigureAwait(false);
            var pumps = Task.WhenAll(
                capture.PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout, stopReading.Token),
                capture.PumpAsync(process.StandardError.BaseStream, OutputStream.Stderr, stopReading.Token));
            var stopReason = await WaitForExitOrStopAsync(process, request.Timeout, capture, pumps, cancellationToken).ConfigureAwait(false);
            var drained = await DrainAsync(pumps, stopReading).ConfigureAwait(false);
            var durationMs = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
            return Result(request, process, capture, stopReason, drained, durationMs);
        }
        finally
        {
            KillTree(process);
        }
    }

    /// <summary>
    /// Waits for the process to exit; on timeout, cancellation or output limit kills its tree and says which.
    /// A sink that throws also kills the tree, and its exception is rethrown.
    /// </summary>
    private async Task<string?> WaitForExitOrStopAsync(Process process, TimeSpan timeout, OutputCapture capture, Task pumps, CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var onTimeout = timeoutSource.Token.Register(() => stop.TrySetResult(CommandFailureReasons.TimedOut));
        using var onCancel = cancellationToken.Register(() => stop.TrySetResult(CommandFailureReasons.Cancelled));
        _ = capture.LimitReached.ContinueWith(
            _ => stop.TrySetResult(CommandFailureReasons.OutputLimit),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = pumps.ContinueWith(
            t => stop.TrySetException(t.Exception!.InnerExceptions),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var exited = process.WaitForExitAsync(CancellationToken.None);
        if (await Task.WhenAny(exited, stop.Task).ConfigureAwait(false) == exited)
            return null;
        KillTree(process);
        await exited.ConfigureAwait(false);
        return await stop.Task.ConfigureAwait(false);
    }

    /// <summary>Reads what is left in the pipes; false when something kept them open past the drain timeout.</summary>
    private async Task<bool> DrainAsync(Task pumps, CancellationTokenSource stopReading)
    {
        try
        {
            await pumps.WaitAsync(_options.OutputDrainTimeout, _timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
            _ = pumps.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return false;
        }
    }

    private static CommandResult Result(CommandRequest request, Process process, OutputCapture capture, string? stopReason, bool drained, long durationMs)
    {
        var seen = capture.SeenBytes;
        if (stopReason is null && capture.LimitExceeded)
            stopReason = CommandFailureReasons.OutputLimit;
        return stopReason switch
        {
            null => CommandResult.Completed(request.CommandId, process.ExitCode, seen, truncated: !drained, durationMs),
            CommandFailureReasons.TimedOut => CommandResult.Failed(request.CommandId, stopReason,
                $"Ran longer than its timeout of {request.Timeout.TotalSeconds:0.###} s; the process tree was killed.", seen, durationMs),
            CommandFailureReasons.OutputLimit => CommandResult.Failed(request.CommandId, stopReason,
                $"Output passed its limit of {request.OutputLimitBytes} bytes ({seen} bytes seen); capture stopped and the process tree was killed.", seen, durationMs),
            _ => CommandResult.Failed(request.CommandId, stopReason, "Cancelled on request; the process tree was killed.", seen, durationMs),
        };
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited on its own between the check and the kill.
        }
    }
}
