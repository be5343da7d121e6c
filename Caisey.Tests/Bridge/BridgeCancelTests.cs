using Caisey.Node.Endpoints;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;
using CommandStarted = Caisey.Protocol.Frames.CommandStarted;
using CancelCommand = Caisey.Node.Endpoints.CancelCommand;
using CommandFailed = Caisey.Protocol.Frames.CommandFailed;
using WireCancel = Caisey.Protocol.Frames.CancelCommand;

namespace Caisey.Tests.Bridge;

public sealed class BridgeCancelTests
{
    [Fact]
    public async Task Cancel_OfARunningCommand_SendsCancelCommand_AndTheAgentsReportMakesItCancelled()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await node.QueueAsync(enrolled.EndpointId, "cmd-c", "sleep 60");
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        var run = await agent.NextAsync<RunCommand>("run-command");
        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        await agent.RequestAsync(new CommandStarted(agent.NewId(), "cmd-c"));

        await node.Runtime().Endpoints.AskAsync(enrolled.EndpointId, new CancelCommand("cmd-c", "tech"));
        var cancel = await agent.NextAsync<WireCancel>("cancel-command");
        Assert.Equal("cmd-c", cancel.CommandId);
        await agent.SendAsync(new Ack(agent.NewId(), cancel.Id));
        await agent.RequestAsync(new CommandFailed(agent.NewId(), "cmd-c", CommandFailureReasons.Cancelled, "killed on request"));

        var command = await node.CommandAsync(enrolled.EndpointId, "cmd-c");
        Assert.Equal(CommandStatus.Cancelled, command.Status);
        Assert.Equal(FailureReason.Cancelled, command.FailureReason);
    }

    [Fact]
    public async Task Cancel_WhileTheAgentIsAway_IsSentWhenItReconnects()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await node.QueueAsync(enrolled.EndpointId, "cmd-away", "sleep 60");
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        var run = await agent.NextAsync<RunCommand>("run-command");
        await agent.SendAsync(new Ack(agent.NewId(), run.Id));
        await agent.RequestAsync(new CommandStarted(agent.NewId(), "cmd-away"));
        await agent.DisposeAsync();

        await node.Runtime().Endpoints.AskAsync(enrolled.EndpointId, new CancelCommand("cmd-away", "tech"));
        Assert.Equal(CommandStatus.Running, (await node.CommandAsync(enrolled.EndpointId, "cmd-away")).Status);

        var (again, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var __ = again;
        var cancel = await again.NextAsync<WireCancel>("cancel-command on the new bridge");
        Assert.Equal("cmd-away", cancel.CommandId);
        await again.RequestAsync(new CommandFailed(again.NewId(), "cmd-away", CommandFailureReasons.Cancelled));
        Assert.Equal(CommandStatus.Cancelled, (await node.CommandAsync(enrolled.EndpointId, "cmd-away")).Status);
    }
}
