using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;
using CommandStarted = Caisey.Protocol.Frames.CommandStarted;

namespace Caisey.Tests.Bridge;

/// <summary>
/// An agent's ack of a dispatch and its command-started are durable steps nothing but the entity waits on: the journal
/// holds them (<c>caisey.journal.sqlite.linger</c>) until the next commit — the agent's finished, or whatever frame
/// waits on them — instead of paying an fsync each. A long linger here makes every hold visible.
/// </summary>
public sealed class BridgeDeferredCommitTests
{
    private static Task<TestNode> StartAsync() => TestNode.StartAsync(null, "caisey.journal.sqlite.linger=1s");

    [Fact]
    public async Task AnAck_ThenStartedAndFinished_ShareOneCommit()
    {
        await using var node = await StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        await node.QueueAsync(enrolled.EndpointId, "cmd-d", "true");
        var run = await agent.NextAsync<RunCommand>("the run-command");
        var journal = (SqliteEventJournal)node.Runtime().Journal;
        var before = journal.Stats.Batches;

        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        // Long enough for a writer that does not hold it to have committed the ack on its own.
        await EndToEnd.Poll.UntilAsync(() => journal.HeldBatches > 0, TestAgent.Patience, "the writer holding the ack");
        await Task.Delay(100);
        var started = new CommandStarted(agent.NewId(), "cmd-d");
        var finished = new CommandFinished(agent.NewId(), "cmd-d", 0, 0, false, 0);
        await agent.SendAsync(started);
        await agent.SendAsync(finished);
        var acks = new List<string>();
        while (acks.Count < 2)
            acks.Add((await agent.NextAsync<Ack>("the acks of started and finished")).CorrelationId);

        Assert.Equal([started.Id, finished.Id], acks);
        Assert.Equal(1, journal.Stats.Batches - before);
        var done = await node.CommandAsync(enrolled.EndpointId, "cmd-d");
        Assert.Equal(
            [CommandStatus.Queued, CommandStatus.Dispatched, CommandStatus.Acknowledged, CommandStatus.Running, CommandStatus.Succeeded],
            done.Timeline.Select(e => e.Status));
    }

    [Fact]
    public async Task AnOutputChunk_WhileTheAckAndStartedAreHeld_IsStoredAndAckedAtOnce_AndTheFinishedFollows()
    {
        await using var node = await StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        await node.QueueAsync(enrolled.EndpointId, "cmd-o", "echo hi");
        var run = await agent.NextAsync<RunCommand>("the run-command");
        var output = node.App.Services.GetRequiredService<CommandOutputStore>();

        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        var started = new CommandStarted(agent.NewId(), "cmd-o");
        await agent.SendAsync(started);
        var chunk = new OutputChunk(agent.NewId(), "cmd-o", 0, OutputStream.Stdout, "hi\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await agent.SendAsync(chunk);
        var acks = new List<string>();
        while (acks.Count < 2)
            acks.Add((await agent.NextAsync<Ack>("the acks of started and the chunk")).CorrelationId);
        var waited = clock.Elapsed;

        // Neither the chunk's store (the session knows its own dispatch) nor its ack (it ends the hold) waits out the
        // one-second linger, and the acks keep the order of the frames.
        Assert.Equal([started.Id, chunk.Id], acks);
        Assert.True(waited < TimeSpan.FromMilliseconds(700), $"the chunk's ack took {waited.TotalMilliseconds:0} ms, as if it waited out the linger");
        Assert.Equal("hi\n", output.ReadText("cmd-o"));
        await agent.RequestAsync(new CommandFinished(agent.NewId(), "cmd-o", 0, 3, false, 5));
        Assert.Equal(CommandStatus.Succeeded, (await node.CommandAsync(enrolled.EndpointId, "cmd-o")).Status);
    }

    [Fact]
    public async Task AHeldAck_IsStillDurable_WhenTheNodeStopsBeforeAnythingElseComes()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        BridgeTestKit.Enrolled enrolled;
        await using (var node = await TestNode.StartAsync(dataDir, "caisey.journal.sqlite.linger=1s"))
        {
            enrolled = await BridgeTestKit.EnrollAsync(node);
            var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
            await using var _ = agent;
            await node.QueueAsync(enrolled.EndpointId, "cmd-s", "true");
            var run = await agent.NextAsync<RunCommand>("the run-command");
            await agent.SendAsync(new Ack(agent.NewId(), run.Id));
            var journal = (SqliteEventJournal)node.Runtime().Journal;
            await EndToEnd.Poll.UntilAsync(() => journal.HeldBatches > 0, TestAgent.Patience, "the writer holding the ack");
        }

        await using var again = await TestNode.StartAsync(dataDir);
        Assert.Equal(CommandStatus.Acknowledged, (await again.CommandAsync(enrolled.EndpointId, "cmd-s")).Status);
    }
}
