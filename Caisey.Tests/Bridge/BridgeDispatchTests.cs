using System.Net.Http.Json;
using Caisey.Agent.Commands;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;
using CommandStarted = Caisey.Protocol.Frames.CommandStarted;

namespace Caisey.Tests.Bridge;

public sealed class BridgeDispatchTests : IAsyncLifetime
{
    private readonly string _agentDir = Directory.CreateTempSubdirectory("caisey-agent-").FullName;
    private AgentCommandJournal? _journal;

    private CommandExecutor Executor => new(_journal!, new CommandRunner(TimeProvider.System));

    public async Task InitializeAsync() => _journal = await AgentCommandJournal.OpenAsync(_agentDir, TimeProvider.System);

    public async Task DisposeAsync() => await _journal!.DisposeAsync();

    [Fact]
    public async Task QueuedWhileOffline_IsDispatchedOnConnect_AndRunsToSuccessWithOutputAndTimings()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await node.QueueAsync(enrolled.EndpointId, "cmd-1", "echo hello; echo oops >&2");
        Assert.Equal(CommandStatus.Queued, (await node.CommandAsync(enrolled.EndpointId, "cmd-1")).Status);

        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        var run = await agent.NextAsync<RunCommand>("run-command for the queued command");
        Assert.Equal(("cmd-1", "echo hello; echo oops >&2", "sh", 30), (run.CommandId, run.Script, run.Shell, run.TimeoutSeconds));
        Assert.Equal(CommandStatus.Dispatched, (await node.CommandAsync(enrolled.EndpointId, "cmd-1")).Status);

        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        await agent.RequestAsync(new CommandAccepted(agent.NewId(), "cmd-1"));
        Assert.Equal(CommandStatus.Acknowledged, (await node.CommandAsync(enrolled.EndpointId, "cmd-1")).Status);

        var execution = await Executor.ExecuteAsync(CommandRequest.From(run), new BridgeCommandSink(agent, "cmd-1"));
        Assert.Equal(CommandExecutionKind.Ran, execution.Kind);
        await agent.RequestAsync(execution.Result.ToFrame(agent.NewId()));

        var done = await node.CommandAsync(enrolled.EndpointId, "cmd-1");
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(
            [CommandStatus.Queued, CommandStatus.Dispatched, CommandStatus.Acknowledged, CommandStatus.Running, CommandStatus.Succeeded],
            done.Timeline.Select(e => e.Status));
        Assert.NotNull(done.Timings.QueuedMs);
        Assert.NotNull(done.Timings.DeliveryMs);
        Assert.NotNull(done.Timings.AckMs);
        Assert.NotNull(done.Timings.ExecutionMs);
        Assert.NotNull(done.RoundTripMs);
        var output = node.App.Services.GetRequiredService<CommandOutputStore>();
        var text = output.ReadText("cmd-1");
        Assert.Contains("hello\n", text, StringComparison.Ordinal);
        Assert.Contains("oops\n", text, StringComparison.Ordinal);
        Assert.Contains(output.Read("cmd-1"), c => c.Stream == "stderr");
    }

    [Fact]
    public async Task SubmittedWhileTheBridgeIsOpen_IsQueuedAndDispatchedInOneAppend_ThenSent()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        using var technician = await node.LoginAsync();

        var submitted = await technician.PostAsJsonAsync($"/api/v1/endpoints/{enrolled.EndpointId}/commands", new { script = "true" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var run = await agent.NextAsync<RunCommand>(r => r.CommandId == id, "the run-command of the submitted command");

        // One decision made both: the same instant, attempt 1 on the open bridge's transport, and nothing asked again.
        var command = await node.CommandAsync(enrolled.EndpointId, id);
        Assert.Equal(CommandStatus.Dispatched, command.Status);
        var queued = Assert.Single(command.Timeline, e => e.Status == CommandStatus.Queued);
        var dispatched = Assert.Single(command.Timeline, e => e.Status == CommandStatus.Dispatched);
        Assert.Equal(queued.At, dispatched.At);
        Assert.Equal("attempt 1 via websocket", dispatched.Detail);
        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        await agent.RequestAsync(new CommandAccepted(agent.NewId(), id));
        Assert.Equal((CommandStatus.Acknowledged, 1), ((await node.CommandAsync(enrolled.EndpointId, id)).Status, (await node.CommandAsync(enrolled.EndpointId, id)).Attempts));
    }

    [Fact]
    public async Task AgentAnswers_ReachTheEntityWithoutWaitingForEachOthersCommit_AndAreAckedInOrderOnceDurable()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        await node.QueueAsync(enrolled.EndpointId, "cmd-p", "true");
        var run = await agent.NextAsync<RunCommand>("the run-command");
        var journal = (Caisey.Node.Journal.SqliteEventJournal)node.Runtime().Journal;

        var started = new CommandStarted(agent.NewId(), "cmd-p");
        var finished = new CommandFinished(agent.NewId(), "cmd-p", 0, 0, false, 0);
        using (journal.HoldWriter())
        {
            await agent.SendAsync(new Ack(agent.NewId(), run.Id));
            await agent.SendAsync(started);
            await agent.SendAsync(finished);
            // All three appends wait at the held writer together: none waited for the previous one's commit.
            await EndToEnd.Poll.UntilAsync(() => journal.QueuedWrites >= 3, TestAgent.Patience, "the three answers' appends queued behind the held writer");
        }

        var acks = new List<string>();
        while (acks.Count < 2)
            acks.Add((await agent.NextAsync<Ack>("the acks of started and finished")).CorrelationId);
        Assert.Equal([started.Id, finished.Id], acks);
        var done = await node.CommandAsync(enrolled.EndpointId, "cmd-p");
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Equal(
            [CommandStatus.Queued, CommandStatus.Dispatched, CommandStatus.Acknowledged, CommandStatus.Running, CommandStatus.Succeeded],
            done.Timeline.Select(e => e.Status));
    }

    [Fact]
    public async Task UnackedRunCommand_IsRedispatchedWithAttempt2_WhileReachabilityShowsRetrying()
    {
        await using var node = await TestNode.StartAsync(null,
            "caisey.bridge.ack-timeout=300ms", "caisey.bridge.retry-base-delay=300ms", "caisey.bridge.retry-max-delay=600ms");
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        var retrying = node.WaitForReachabilityAsync(enrolled.EndpointId, r => r.State == ReachabilityStates.Retrying, "retrying");

        await node.QueueAsync(enrolled.EndpointId, "cmd-r", "true");
        var first = await agent.NextAsync<RunCommand>("the first run-command");
        var shown = await retrying;
        Assert.Equal(1, shown.Attempt);
        Assert.NotNull(shown.NextRetryAt);
        var second = await agent.NextAsync<RunCommand>(r => r.CommandId == "cmd-r", "the re-dispatched run-command");
        Assert.NotEqual(first.Id, second.Id);
        await agent.SendAsync(new Ack(agent.NewId(), second.Id));
        await agent.RequestAsync(new CommandAccepted(agent.NewId(), "cmd-r"));

        var command = await node.CommandAsync(enrolled.EndpointId, "cmd-r");
        Assert.Equal(CommandStatus.Acknowledged, command.Status);
        Assert.Equal(2, command.Attempts);
        Assert.Equal(2, command.Timeline.Count(e => e.Status == CommandStatus.Dispatched));
        await node.WaitForReachabilityAsync(enrolled.EndpointId, r => r.State == ReachabilityStates.Reachable, "reachable again once acked");
    }

    [Fact]
    public async Task ConnectionDroppedBeforeFinishWasAcked_AgentResends_SucceedsOnce()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await node.QueueAsync(enrolled.EndpointId, "cmd-d", "echo once");
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        var run = await agent.NextAsync<RunCommand>("run-command");
        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        var execution = await Executor.ExecuteAsync(CommandRequest.From(run), new BridgeCommandSink(agent, "cmd-d"));
        var finished = execution.Result.ToFrame(agent.NewId());
        await agent.SendAsync(finished);
        agent.Abort();
        await agent.DisposeAsync();

        var (again, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var __ = again;
        await again.SendAsync(finished);
        await again.NextAsync<Ack>(a => a.CorrelationId == finished.Id, "the ack of the re-sent command-finished");

        var done = await node.CommandAsync(enrolled.EndpointId, "cmd-d");
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Single(done.Timeline, e => e.Status == CommandStatus.Succeeded);
        Assert.Equal("once\n", node.App.Services.GetRequiredService<CommandOutputStore>().ReadText("cmd-d"));
    }

    [Fact]
    public async Task NodeRestart_WithDispatchedCommand_RedispatchesOnReconnect_AndItRunsOnce()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        var marker = Path.Combine(_agentDir, "ran.txt");
        var script = $"echo ran >> '{marker}'; echo done";
        BridgeTestKit.Enrolled enrolled;
        RunCommand firstRun;
        await using (var first = await TestNode.StartAsync(dataDir))
        {
            enrolled = await BridgeTestKit.EnrollAsync(first);
            await first.QueueAsync(enrolled.EndpointId, "cmd-n", script);
            var (agent, _) = await TestAgent.OpenAsync(first, enrolled.EndpointId, enrolled.Credential);
            await using var _ = agent;
            firstRun = await agent.NextAsync<RunCommand>("run-command before the restart");
            // The agent runs it, but the node goes down before the ack or any result reaches it.
            var execution = await Executor.ExecuteAsync(CommandRequest.From(firstRun), NullSink.Instance);
            Assert.Equal(CommandExecutionKind.Ran, execution.Kind);
        }

        await using var second = await TestNode.StartAsync(dataDir);
        Assert.Equal(CommandStatus.Dispatched, (await second.CommandAsync(enrolled.EndpointId, "cmd-n")).Status);
        var (again, _) = await TestAgent.OpenAsync(second, enrolled.EndpointId, enrolled.Credential);
        await using var __ = again;
        var rerun = await again.NextAsync<RunCommand>(r => r.CommandId == "cmd-n", "the re-dispatched run-command after the restart");
        await again.SendAsync(new Ack(again.NewId(), rerun.Id));
        var replay = await Executor.ExecuteAsync(CommandRequest.From(rerun), new BridgeCommandSink(again, "cmd-n"));
        Assert.Equal(CommandExecutionKind.Replayed, replay.Kind);
        await again.RequestAsync(replay.Result.ToFrame(again.NewId()));

        var done = await second.CommandAsync(enrolled.EndpointId, "cmd-n");
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts);
        Assert.Single(done.Timeline, e => e.Status == CommandStatus.Succeeded);
        Assert.Equal(["ran"], File.ReadAllLines(marker));
        Assert.Equal("done\n", second.App.Services.GetRequiredService<CommandOutputStore>().ReadText("cmd-n"));
    }

    [Fact]
    public async Task FramesNamingAnotherEndpointsCommand_AreDropped_AndNeverTouchIt()
    {
        await using var node = await TestNode.StartAsync();
        var victim = await BridgeTestKit.EnrollAsync(node, "victim");
        var intruder = await BridgeTestKit.EnrollAsync(node, "intruder");
        await node.QueueAsync(victim.EndpointId, "cmd-v", "echo secret");
        var (agent, _) = await TestAgent.OpenAsync(node, intruder.EndpointId, intruder.Credential);
        await using var _ = agent;

        await agent.RequestAsync(new CommandStarted(agent.NewId(), "cmd-v"));
        await agent.RequestAsync(new OutputChunk(agent.NewId(), "cmd-v", 0, OutputStream.Stdout, "forged"));
        await agent.RequestAsync(new CommandFinished(agent.NewId(), "cmd-v", 0, 6, false, 1));

        var command = await node.CommandAsync(victim.EndpointId, "cmd-v");
        Assert.Equal(CommandStatus.Queued, command.Status);
        Assert.Equal("", node.App.Services.GetRequiredService<CommandOutputStore>().ReadText("cmd-v"));
    }

    private sealed class NullSink : ICommandSink
    {
        public static readonly NullSink Instance = new();

        public ValueTask StartedAsync(string commandId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
