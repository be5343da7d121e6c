using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointDispatchQueryTests
{
    [Fact]
    public void GetDispatch_ReturnsTheScriptAndStatus_WithoutPersistingAnything()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "echo hi", "tech", Shell: "bash", TimeoutSeconds: 30));

        var decision = s.Send(new GetDispatch("cmd-1"));

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Effects);
        Assert.Equal(new CommandDispatch("cmd-1", CommandStatus.Queued, "echo hi", "bash", 30, 0, Dispatchable: true, CancelRequested: false, SubmittedBy: "tech"), decision.Reply);
    }

    [Fact]
    public void DispatchCommand_OfAQueuedCommand_MarksItDispatchedInTheSameStep_AndRepliesWhatToSend()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "echo hi", "tech", Shell: "bash", TimeoutSeconds: 30));

        var decision = s.Send(new DispatchCommand("cmd-1", "wss"));

        Assert.Equal([new CommandDispatched("cmd-1", 1, "wss", s.Now)], decision.Events);
        Assert.Equal(new CommandDispatch("cmd-1", CommandStatus.Dispatched, "echo hi", "bash", 30, 1, Dispatchable: false, CancelRequested: false, SubmittedBy: "tech"), decision.Reply);
        Assert.Equal(CommandStatus.Dispatched, Assert.IsType<CommandChanged>(Assert.Single(decision.Effects)).Command.Status);

        // Unacknowledged: sending it again is attempt 2.
        Assert.Equal(2, Assert.IsType<CommandDispatch>(s.Send(new DispatchCommand("cmd-1", "wss")).Reply).Attempts);
    }

    [Fact]
    public void QueueCommand_WithTheBridgeOpen_QueuesAndDispatchesInOneAppend_AndTheEffectCarriesWhatToSend()
    {
        var s = new EndpointScenario();

        var decision = s.Send(new QueueCommand("cmd-1", "echo hi", "tech", Shell: "bash", TimeoutSeconds: 30, DispatchOn: "wss"));

        Assert.Equal([typeof(CommandQueued), typeof(CommandDispatched)], decision.Events.Select(e => e.GetType()));
        Assert.Equal(new CommandDispatched("cmd-1", 1, "wss", s.Now), decision.Events[1]);
        // First: the frame leaves before the views are published.
        var dispatch = Assert.IsType<DispatchRequested>(decision.Effects[0]);
        Assert.Single(decision.Effects.OfType<DispatchRequested>());
        Assert.Equal("wss", dispatch.DispatchedOn);
        Assert.Equal(new CommandDispatch("cmd-1", CommandStatus.Dispatched, "echo hi", "bash", 30, 1, Dispatchable: false, CancelRequested: false, SubmittedBy: "tech"), dispatch.Dispatched);
        Assert.Equal(CommandStatus.Dispatched, s.State.Commands["cmd-1"].Status);
        // Unacknowledged: sending it again (a new bridge) is attempt 2.
        Assert.Equal(2, Assert.IsType<CommandDispatch>(s.Send(new DispatchCommand("cmd-1", "wss")).Reply).Attempts);
    }

    [Fact]
    public void QueueCommand_WithTheBridgeOpen_ButNotToGoYet_OnlyQueues()
    {
        var s = new EndpointScenario();

        var later = s.Send(new QueueCommand("later", "true", "tech", NotBefore: EndpointScenario.T0.AddHours(1), DispatchOn: "wss"));
        var consent = s.Send(new QueueCommand("consent", "true", "tech", RequiresConsent: true, DispatchOn: "wss"));
        var closed = s.Send(new QueueCommand("no-bridge", "true", "tech"));

        Assert.Equal([typeof(CommandQueued)], later.Events.Select(e => e.GetType()));
        Assert.Empty(later.Effects.OfType<DispatchRequested>());
        Assert.DoesNotContain(consent.Events, e => e is CommandDispatched);
        Assert.Empty(consent.Effects.OfType<DispatchRequested>());
        Assert.Equal([typeof(CommandQueued)], closed.Events.Select(e => e.GetType()));
        Assert.Null(Assert.Single(closed.Effects.OfType<DispatchRequested>()).Dispatched);
    }

    [Fact]
    public void CommandChanged_SaysCreated_OnlyOnTheStepThatQueuedTheCommand()
    {
        var s = new EndpointScenario();

        var queued = s.Send(new QueueCommand("cmd-1", "true", "tech"));
        var both = s.Send(new QueueCommand("cmd-2", "true", "tech", DispatchOn: "wss"));
        var dispatched = s.Send(new MarkDispatched("cmd-1", "wss"));
        var acknowledged = s.Send(new AcknowledgeCommand("cmd-2"));

        Assert.True(Assert.Single(queued.Effects.OfType<CommandChanged>()).Created);
        Assert.True(Assert.Single(both.Effects.OfType<CommandChanged>()).Created);
        Assert.False(Assert.Single(dispatched.Effects.OfType<CommandChanged>()).Created);
        Assert.False(Assert.Single(acknowledged.Effects.OfType<CommandChanged>()).Created);
    }

    [Fact]
    public void DispatchCommand_OfACommandThatMayNotGoNow_OnlyReadsIt()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("later", "true", "tech", NotBefore: EndpointScenario.T0.AddHours(1)));
        s.Command(new QueueCommand("acked", "true", "tech"));
        s.Command(new MarkDispatched("acked", "wss"));
        s.Command(new AcknowledgeCommand("acked"));
        s.Command(new QueueCommand("cancelling", "true", "tech"));
        s.Command(new MarkDispatched("cancelling", "wss"));
        s.Command(new CancelCommand("cancelling", "tech"));

        foreach (var (id, status, cancel) in new[] { ("later", CommandStatus.Queued, false), ("acked", CommandStatus.Acknowledged, false), ("cancelling", CommandStatus.Dispatched, true) })
        {
            var decision = s.Send(new DispatchCommand(id, "wss"));
            Assert.Empty(decision.Events);
            var reply = Assert.IsType<CommandDispatch>(decision.Reply);
            Assert.Equal((status, cancel, false), (reply.Status, reply.CancelRequested, reply.Dispatchable));
        }
        Assert.Equal(RejectionCode.UnknownCommand, s.Rejected(new DispatchCommand("not-mine")).Code);
    }

    [Fact]
    public void GetDispatch_OfAnotherEndpointsCommand_IsUnknown()
    {
        var s = new EndpointScenario();
        Assert.Equal(RejectionCode.UnknownCommand, s.Rejected(new GetDispatch("not-mine")).Code);
    }

    [Fact]
    public void GetOpenCommands_ListsUnfinishedCommandsInQueueOrder_WithDispatchabilityAndCancels()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "a", "tech"));
        s.Command(new QueueCommand("cmd-2", "b", "tech", NotBefore: EndpointScenario.T0.AddHours(1)));
        s.Command(new QueueCommand("cmd-3", "c", "tech"));
        s.Command(new QueueCommand("cmd-4", "d", "tech"));
        s.Command(new MarkDispatched("cmd-3", "websocket"));
        s.Command(new CancelCommand("cmd-3", "tech"));
        s.Command(new MarkDispatched("cmd-4", "websocket"));
        s.Command(new CompleteCommand("cmd-4", 0, 0));

        var open = Assert.IsType<OpenCommands>(s.Send(new GetOpenCommands()).Reply);

        Assert.Equal(["cmd-1", "cmd-2", "cmd-3"], open.Commands.Select(c => c.CommandId));
        Assert.True(open.Commands[0].Dispatchable);
        Assert.False(open.Commands[1].Dispatchable);
        Assert.Equal(CommandStatus.Dispatched, open.Commands[2].Status);
        Assert.True(open.Commands[2].CancelRequested);
        Assert.Empty(s.Last.Events);
    }

    [Fact]
    public void CheckIn_WithUnknownUptimeAndUpdates_StoresNullsRatherThanGuesses()
    {
        var s = new EndpointScenario();
        var view = Assert.IsType<EndpointView>(s.Send(new CheckIn("pc-1", "linux", "1.0", null, null)).Reply);
        Assert.Null(view.Readiness.PendingUpdates);
        Assert.Null(view.Readiness.UptimeSeconds);
        Assert.Equal(EndpointScenario.T0, view.Readiness.LastCheckInAt);
    }
}
