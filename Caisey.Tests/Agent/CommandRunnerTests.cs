using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent;

public sealed class CommandRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CommandRunner _runner = new(TimeProvider.System, new CommandRunnerOptions { OutputDrainTimeout = TimeSpan.FromSeconds(1) });

    private static CommandRequest Request(string script, double timeoutSeconds = 30, long outputLimitBytes = 1 << 20, string? shell = "sh") =>
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

    public void Dispose() => _dir.Dispose();
}
