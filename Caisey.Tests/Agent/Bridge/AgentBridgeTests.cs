using Caisey.Agent.Inventory;
using Caisey.Agent.Bridge;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>The agent's bridge against a <see cref="ScriptedNode"/>: handshake, commands, outbox, malformed frames, close.</summary>
public sealed class AgentBridgeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ScriptedNode _node = null!;
    private AgentHarness _agent = null!;

    public async Task InitializeAsync()
    {
        _node = await ScriptedNode.StartAsync();
        _agent = new AgentHarness(_dir, _node.Url);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Start_SendsHelloFirst_ThenACheckInWithTheInventory()
    {
        await _agent.StartAsync();

        var checkIn = (CheckIn)await _node.WaitForFrameAsync(f => f is CheckIn, "a check-in after the first welcome");

        var first = _node.Received[0].Frame;
        var hello = Assert.IsType<Hello>(first);
        Assert.Equal(ScriptedNode.EndpointId, hello.EndpointId);
        Assert.Equal(BridgeProtocol.CurrentVersion, hello.ProtocolVersion);
        Assert.Equal(Environment.MachineName, checkIn.Inventory.Hostname);
        Assert.False(string.IsNullOrEmpty(checkIn.Inventory.AgentVersion));
    }

    [Fact]
    public async Task RunCommand_IsAckedAtOnce_ThenStartedOutputAndFinishedArrive()
    {
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");

        var run = _node.QueueCommand("cmd-1", "echo hello; echo oops >&2; exit 3");
        var finished = (CommandFinished)await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-1" }, "command-finished for cmd-1");

        var frames = _node.Received.Select(r => r.Frame).ToList();
        var ack = frames.FindIndex(f => f is Ack a && a.CorrelationId == run.Id);
        var started = frames.FindIndex(f => f is CommandStarted { CommandId: "cmd-1" });
        Assert.True(ack >= 0, "the agent must ack the run-command");
        Assert.True(ack < started, "the ack must come before command-started");
        var chunks = frames.OfType<OutputChunk>().Where(c => c.CommandId == "cmd-1").ToList();
        Assert.Equal("hello\n", string.Concat(chunks.Where(c => c.Stream == OutputStream.Stdout).Select(c => c.Data)));
        Assert.Equal("oops\n", string.Concat(chunks.Where(c => c.Stream == OutputStream.Stderr).Select(c => c.Data)));
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Seq).Order());
        Assert.Equal(3, finished.ExitCode);
        Assert.Equal(11, finished.OutputBytes);
    }

    [Fact]
    public async Task ConnectionDroppedBeforeTheResultWasAcked_SameFinishedFrameArrivesAgain_AndTheCommandRanOnce()
    {
        _node.DropOnce = f => f is CommandFinished;
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");

        _node.QueueCommand("cmd-once", $"echo ran >> '{_agent.SideEffectFile}'; echo done");
        var first = await _node.WaitForFrameAsync(f => f is CommandFinished, "the first command-finished (then dropped)");
        var again = await _node.WaitForFrameAsync(f => f is CommandFinished && _node.Received.Count(r => r.Frame is CommandFinished) >= 2,
            "the same command-finished resent on a new bridge");

        var finishedOn = _node.Received.Where(r => r.Frame is CommandFinished).ToList();
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(finishedOn[0].Connection, finishedOn[1].Connection);
        Assert.True(_node.HelloTimes.Count >= 2, "the agent must reconnect to deliver the unacked result");
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(_agent.SideEffectFile));
    }

    [Fact]
    public async Task MalformedFramesFromTheNode_AreIgnored_AndTheBridgeKeepsWorking()
    {
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");

        _node.SendRaw("this is not json");
        _node.SendRaw("""{"type":"run-command","id":"n-bad"}""");
        _node.SendRaw("""{"type":"no-such-frame","id":"n-x"}""");
        _node.SendRaw("[1,2,3]");
        _node.QueueCommand("cmd-after", "echo still here");
        var finished = await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-after" }, "a command to run after malformed frames");

        Assert.Single(_node.HelloTimes);
        Assert.DoesNotContain(_node.ReceivedOf<Ack>(), a => a.CorrelationId is "n-bad" or "n-x");
        Assert.False(_agent.Running.IsCompleted, "the agent must keep running");
        Assert.NotNull(finished);
    }

    [Fact]
    public async Task SlowInventory_DoesNotHoldUpTheBridge_ACommandIsAckedRunAndReportedBeforeTheCheckIn()
    {
        // A package manager that takes 5 s to list pending updates (apt takes seconds on a loaded machine).
        _agent.PendingUpdates = new PendingUpdatesProbe(TimeProvider.System, "/bin/sh", ["-c", "sleep 5"], TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30));
        var run = _node.QueueCommand("cmd-early", $"echo ran >> '{_agent.SideEffectFile}'");
        await _agent.StartAsync();

        await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-early" },
            "the run-command sent right after welcome to be acked, run and reported while the inventory is still collected", TimeSpan.FromSeconds(3));
        Assert.Contains(_node.ReceivedOf<Ack>(), a => a.CorrelationId == run.Id);
        Assert.Empty(_node.ReceivedOf<CheckIn>());
        await _node.WaitForFrameAsync(f => f is CheckIn, "the check-in once the inventory is collected", TimeSpan.FromSeconds(15));
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(_agent.SideEffectFile));
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");

        _node.Send(new Ping("n-ping-1"));

        var pong = (Pong)await _node.WaitForFrameAsync(f => f is Pong, "a pong");
        Assert.Equal("n-ping-1", pong.CorrelationId);
    }

    [Fact]
    public async Task CloseWithRetryAfter_IsHonoured_BeforeReconnecting()
    {
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");
        var retryAfter = TimeSpan.FromMilliseconds(1500);

        var closedAt = _node.Now;
        _node.Send(new Close("n-close", "overloaded", (long)retryAfter.TotalMilliseconds));
        _node.QueueCommand("cmd-later", "echo later");
        await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-later" }, "the command on the next bridge");

        var reconnectedAt = _node.HelloTimes.Skip(1).First();
        Assert.True(reconnectedAt - closedAt >= retryAfter,
            $"the agent reconnected {(reconnectedAt - closedAt).TotalMilliseconds:0} ms after close; it must wait at least {retryAfter.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CancelCommand_IsAcked_AndStopsTheCommand()
    {
        await _agent.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn, "the first check-in");
        _node.QueueCommand("cmd-long", "echo begun; sleep 60");
        await _node.WaitForFrameAsync(f => f is OutputChunk { CommandId: "cmd-long" }, "output of the long command");

        _node.Send(new CancelCommand("n-cancel", "cmd-long"));

        var failed = (CommandFailed)await _node.WaitForFrameAsync(f => f is CommandFailed { CommandId: "cmd-long" }, "command-failed after cancel");
        Assert.Equal(CommandFailureReasons.Cancelled, failed.Reason);
        Assert.Contains(_node.ReceivedOf<Ack>(), a => a.CorrelationId == "n-cancel");
    }
}
