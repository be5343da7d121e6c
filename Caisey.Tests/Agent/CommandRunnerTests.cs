using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;
using Caisey.Tests.EndToEnd;

namespace Caisey.Tests.Agent;

/// <summary>A shell started for the command (the runner's default).</summary>
public sealed class CommandRunnerTests() : CommandRunnerSpec(prestart: false);

/// <summary>
/// The same behaviour from a shell started ahead of the command (<see cref="CommandRunnerOptions.PrestartShell"/>, as the
/// agent runs), and what only that way has.
/// </summary>
public sealed class PrestartedShellCommandRunnerTests() : CommandRunnerSpec(prestart: true)
{
    [Fact]
    public async Task EachCommand_RunsInAShellStartedBeforeItCame_AndAFreshOneEachTime()
    {
        await Poll.UntilAsync(() => Runner.IdleShells == 1, TimeSpan.FromSeconds(10), "the first shell to be waiting");
        var first = new RecordingCommandSink();
        Assert.True((await Runner.RunAsync(Request("echo $$"), first).Within("the first command")).Succeeded);
        await Poll.UntilAsync(() => Runner.IdleShells == 1, TimeSpan.FromSeconds(10), "the next shell to be started after the first command");
        var second = new RecordingCommandSink();
        Assert.True((await Runner.RunAsync(Request("echo $$"), second).Within("the second command")).Succeeded);

        Assert.Equal(2, Runner.PrestartedRuns);
        Assert.NotEqual(first.AllText, second.AllText);
    }

    [Fact]
    public async Task Dispose_LetsTheWaitingShellGo_AndItRunsNothing()
    {
        await Poll.UntilAsync(() => Runner.IdleShells == 1, TimeSpan.FromSeconds(10), "a shell to be waiting");
        var waiting = ProcessProbe.ChildrenOf(Environment.ProcessId).Where(pid => ProcessProbe.WorkingDirectory(pid) == Dir.Path).ToList();
        Assert.NotEmpty(waiting);

        Runner.Dispose();

        await Poll.UntilAsync(() => !waiting.Any(ProcessProbe.IsAlive), TimeSpan.FromSeconds(10), "the waiting shell to exit once let go");
        Assert.Equal(0, Runner.IdleShells);
        Assert.Equal(0, Runner.PrestartedRuns);
    }

    [Fact]
    public async Task AShellThatDiedWhileItWaited_IsReplacedByOneStartedForTheCommand()
    {
        await Poll.UntilAsync(() => Runner.IdleShells == 1, TimeSpan.FromSeconds(10), "a shell to be waiting");
        foreach (var pid in ProcessProbe.ChildrenOf(Environment.ProcessId).Where(pid => ProcessProbe.WorkingDirectory(pid) == Dir.Path))
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);

        var sink = new RecordingCommandSink();
        var result = await Runner.RunAsync(Request("echo fine"), sink).Within("the command to run in a new shell");

        Assert.True(result.Succeeded);
        Assert.Equal("fine\n", sink.AllText);
        Assert.Equal(0, Runner.PrestartedRuns);
    }
}

public abstract class CommandRunnerSpec : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CommandRunner _runner;

    protected CommandRunnerSpec(bool prestart) =>
        _runner = new(TimeProvider.System, new CommandRunnerOptions
        {
            OutputDrainTimeout = TimeSpan.FromSeconds(1),
            PrestartShell = prestart,
            WorkingDirectory = _dir.Path,
        });

    protected CommandRunner Runner => _runner;

    protected TempDirectory Dir => _dir;

    [Fact]
    public async Task Run_SeesWhatShDashCGives_NoArgumentsAndAnEmptyStandardInput()
    {
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request("echo \"$0|$#|$1|$(pwd)\"; cat; read line || echo eof; exit 4"), sink).Within("the script to exit");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal($"sh|0||{_dir.Path}\neof\n", sink.AllText);
    }

    protected static CommandRequest Request(string script, double timeoutSeconds = 30, long outputLimitBytes = 1 << 20, string? shell = "sh") =>
        new($"cmd-{Guid.NewGuid():N}", script, shell, TimeSpan.FromSeconds(timeoutSeconds), outputLimitBytes);

    [Fact]
    public async Task Run_StreamsChunksWhileTheProcessRuns_InOrderWithConsecutiveSeq()
    {
        var go = _dir.File("go");
        var sink = new RecordingCommandSink();
        var run = _runner.RunAsync(Request($"echo a; while [ ! -f '{go}' ]; do sleep 0.02; done; echo b >&2; echo c"), sink);

        await sink.WhenOutput(text => text.Contains('a')).Within("chunk 'a' to arrive while the script waits");
        Assert.False(run.IsCompleted, "the script must still be running when its first chunk arrives");
        await File.WriteAllTextAsync(go, "");
        var result = await run.Within("the script to finish after it was released");

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a\nc\n", sink.Text(OutputStream.Stdout));
        Assert.Equal("b\n", sink.Text(OutputStream.Stderr));
        Assert.Equal(Enumerable.Range(0, sink.Output.Count).Select(i => (long)i), sink.Output.Select(o => o.Seq));
        Assert.Equal(6, result.OutputBytes);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task Run_NonZeroExitCode_IsANormalFinishWithTheExitCodeAsData()
    {
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request("echo oops >&2; exit 3"), sink).Within("the script to exit");

        Assert.True(result.Succeeded);
        Assert.Null(result.FailureReason);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops\n", sink.Text(OutputStream.Stderr));
        Assert.IsType<CommandFinished>(result.ToFrame("f-1"));
    }

    [Fact]
    public async Task Run_PastItsTimeout_KillsTheWholeProcessTreeAndReportsTimedOut()
    {
        var pidFile = _dir.File("child.pid");
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request($"sleep 100 & echo $! > '{pidFile}'; echo started; wait", timeoutSeconds: 1), sink)
            .Within("the 1 s timeout to end the run");

        Assert.Equal(CommandFailureReasons.TimedOut, result.FailureReason);
        Assert.Equal("started\n", sink.AllText);
        var child = ProcessProbe.ReadPid(pidFile);
        Assert.False(ProcessProbe.IsAlive(child), $"the background child {child} must be killed with its shell");
        Assert.InRange(result.DurationMs, 900, 10_000);
    }

    [Fact]
    public async Task Run_OutputPastItsLimit_StopsCaptureKillsTheProcessAndReportsOutputLimit()
    {
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request("yes hello", outputLimitBytes: 1000), sink).Within("the output limit to stop 'yes'");

        Assert.Equal(CommandFailureReasons.OutputLimit, result.FailureReason);
        Assert.Equal(1000, sink.AllText.Length);
        Assert.True(result.OutputBytes > 1000, $"bytes seen ({result.OutputBytes}) must include those past the limit");
        Assert.True(result.Truncated);
        var frame = Assert.IsType<CommandFailed>(result.ToFrame("f-1"));
        Assert.Contains("1000", frame.Detail);
    }

    [Fact]
    public async Task Run_WhenCancelled_KillsTheProcessAndReportsCancelled()
    {
        var sink = new RecordingCommandSink();
        using var cancel = new CancellationTokenSource();
        var run = _runner.RunAsync(Request("echo ready; sleep 100"), sink, cancel.Token);

        await sink.WhenOutput(text => text == "ready\n").Within("the script to print 'ready'");
        await cancel.CancelAsync();
        var result = await run.Within("cancellation to end the run");

        Assert.Equal(CommandFailureReasons.Cancelled, result.FailureReason);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task Run_WithAnUnknownShell_IsRejectedWithoutStartingAProcess()
    {
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request("echo hi", shell: "fish"), sink);

        Assert.Equal(CommandFailureReasons.Rejected, result.FailureReason);
        Assert.Contains("fish", result.Detail);
        Assert.False(sink.Started.Task.IsCompleted);
    }

    [Fact]
    public async Task Run_WithBash_RunsBashSyntax()
    {
        var sink = new RecordingCommandSink();

        var result = await _runner.RunAsync(Request("[[ -n \"$BASH_VERSION\" ]] && echo bash", shell: "bash"), sink)
            .Within("bash to run the script");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("bash\n", sink.AllText);
    }

    [Fact]
    public async Task Run_WhenABackgroundProcessKeepsOutputOpen_FinishesAfterTheDrainTimeoutMarkedTruncated()
    {
        var pidFile = _dir.File("orphan.pid");
        var sink = new RecordingCommandSink();
        try
        {
            var result = await _runner.RunAsync(Request($"sleep 30 & echo $! > '{pidFile}'; echo done"), sink)
                .Within("the run to end once the shell exited, despite the orphan holding stdout");

            Assert.True(result.Succeeded);
            Assert.Equal(0, result.ExitCode);
            Assert.True(result.Truncated, "output may have been lost, so the result must say truncated");
            Assert.Equal("done\n", sink.AllText);
        }
        finally
        {
            if (File.Exists(pidFile) && ProcessProbe.IsAlive(ProcessProbe.ReadPid(pidFile)))
                System.Diagnostics.Process.GetProcessById(ProcessProbe.ReadPid(pidFile)).Kill();
        }
    }

    public void Dispose()
    {
        _runner.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
