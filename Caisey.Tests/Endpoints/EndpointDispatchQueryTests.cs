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
