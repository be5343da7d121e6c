using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent;

public sealed class CommandExecutorTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CommandRunner _runner = new(TimeProvider.System);
    private AgentCommandJournal _journal = null!;
    private CommandExecutor _executor = null!;

    public async Task InitializeAsync()
    {
        _journal = await AgentCommandJournal.OpenAsync(_dir.Path, TimeProvider.System);
        _executor = new CommandExecutor(_journal, _runner);
    }

    private string SideEffect => _dir.File("side-effect");

    private CommandRequest Request(string id, string script) =>
        new(id, script, "sh", TimeSpan.FromSeconds(30), 1 << 20);

    /// <summary>Restarts the agent's view of the world: a new journal instance on the same file, a new executor.</summary>
    private async Task RestartAgentAsync()
    {
        await _journal.DisposeAsync();
        await InitializeAsync();
    }

    [Fact]
    public async Task Execute_SameIdTwice_RunsOnce_AndTheSecondReturnsTheStoredResultAndOutput()
    {
        var request = Request("cmd-1", $"echo ran >> '{SideEffect}'; echo out; exit 4");

        var first = await _executor.ExecuteAsync(request, new RecordingCommandSink()).Within("the first run");
        var replaySink = new RecordingCommandSink();
        var second = await _executor.ExecuteAsync(request, replaySink).Within("the stored result");

        Assert.Equal(["ran"], await File.ReadAllLinesAsync(SideEffect));
        Assert.Equal(CommandExecutionKind.Ran, first.Kind);
        Assert.Equal(CommandExecutionKind.Replayed, second.Kind);
        Assert.Equal(first.Result, second.Result);
        Assert.Equal(4, second.Result.ExitCode);
        Assert.Equal("out\n", replaySink.AllText);
        Assert.False(replaySink.Started.Task.IsCompleted, "a replay must not claim that a process started");
    }

    [Fact]
    public async Task Execute_AfterAgentRestart_ReturnsTheDurableResultWithoutRunningAgain()
    {
        var request = Request("cmd-1", $"echo ran >> '{SideEffect}'");
        var first = await _executor.ExecuteAsync(request, new RecordingCommandSink()).Within("the first run");

        await RestartAgentAsync();
        var again = await _executor.ExecuteAsync(request, new RecordingCommandSink()).Within("the stored result");

        Assert.Equal(CommandExecutionKind.Replayed, again.Kind);
        Assert.Equal(first.Result, again.Result);
        Assert.Single(await File.ReadAllLinesAsync(SideEffect));
    }

    [Fact]
    public async Task Execute_IdStartedButNeverFinished_FailsWithAgentRestarted_AndIsNeverRun()
    {
        Assert.True(await _journal.TryStartAsync("cmd-crashed"));
        await RestartAgentAsync();
        var request = Request("cmd-crashed", $"echo ran >> '{SideEffect}'");

        var first = await _executor.ExecuteAsync(request, new RecordingCommandSink()).Within("the interrupted result");
        var second = await _executor.ExecuteAsync(request, new RecordingCommandSink()).Within("the stored interrupted result");

        Assert.Equal(CommandExecutionKind.Interrupted, first.Kind);
        Assert.Equal(CommandFailureReasons.AgentRestarted, first.Result.FailureReason);
        Assert.IsType<CommandFailed>(first.Result.ToFrame("f-1"));
        Assert.Equal(CommandExecutionKind.Replayed, second.Kind);
        Assert.Equal(CommandFailureReasons.AgentRestarted, second.Result.FailureReason);
        Assert.False(File.Exists(SideEffect), "an interrupted command must never run again");
    }

    [Fact]
    public async Task Execute_DuplicateWhileTheSameIdRuns_WaitsForThatRunInsteadOfRunningTwice()
    {
        var go = _dir.File("go");
        var request = Request("cmd-1", $"echo ran >> '{SideEffect}'; while [ ! -f '{go}' ]; do sleep 0.02; done; echo done");
        var firstSink = new RecordingCommandSink();
        var first = _executor.ExecuteAsync(request, firstSink);
        await firstSink.Started.Task.Within("the first run to start its process");

        var duplicate = _executor.ExecuteAsync(request, new RecordingCommandSink());
        Assert.False(duplicate.IsCompleted, "the duplicate must wait while the first run is in progress");
        await File.WriteAllTextAsync(go, "");
        var results = await Task.WhenAll(first, duplicate).Within("both executions to complete after release");

        Assert.Equal([CommandExecutionKind.Ran, CommandExecutionKind.Joined], results.Select(r => r.Kind));
        Assert.Equal(results[0].Result, results[1].Result);
        Assert.Single(await File.ReadAllLinesAsync(SideEffect));
    }

    [Fact]
    public async Task Cancel_RunningCommand_KillsItAndJournalsCancelled()
    {
        var sink = new RecordingCommandSink();
        var run = _executor.ExecuteAsync(Request("cmd-1", "echo ready; sleep 100"), sink);
        await sink.WhenOutput(text => text == "ready\n").Within("the command to print 'ready'");

        Assert.True(_executor.Cancel("cmd-1"));
        var execution = await run.Within("cancellation to end the command");
        var journaled = await _journal.FindAsync("cmd-1");

        Assert.Equal(CommandFailureReasons.Cancelled, execution.Result.FailureReason);
        Assert.Equal(execution.Result, journaled?.Result);
        Assert.False(_executor.Cancel("cmd-1"), "a finished command is no longer cancellable");
    }

    [Fact]
    public async Task Execute_WhenTheSinkFails_TheCommandStillFinishesAndItsOutputIsReplayedLater()
    {
        var request = Request("cmd-1", "echo one; echo two");

        var first = await _executor.ExecuteAsync(request, new FailingCommandSink()).Within("the run with a broken sink");
        var replaySink = new RecordingCommandSink();
        await _executor.ExecuteAsync(request, replaySink).Within("the replay");

        Assert.True(first.Result.Succeeded);
        Assert.Equal("one\ntwo\n", replaySink.AllText);
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        _dir.Dispose();
    }
}
