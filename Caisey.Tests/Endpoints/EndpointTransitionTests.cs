using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointTransitionTests
{
    [Fact]
    public void Acknowledge_OfAnUnknownCommand_IsRejectedWithoutEvents()
    {
        var s = new EndpointScenario();

        Assert.Equal(RejectionCode.UnknownCommand, s.Rejected(new AcknowledgeCommand("nope")).Code);
    }

    [Fact]
    public void Acknowledge_OfAQueuedCommand_IsRejectedWithoutEvents()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));

        var rejection = s.Rejected(new AcknowledgeCommand("cmd-1"));

        Assert.Equal(RejectionCode.InvalidTransition, rejection.Code);
        Assert.Equal(CommandStatus.Queued, rejection.Command!.Status);
    }

    [Fact]
    public void TerminalStates_AreFinal()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));
        s.Command(new MarkDispatched("cmd-1"));
        s.Command(new CompleteCommand("cmd-1", 0, 5));

        foreach (var message in new IEndpointMessage[]
        {
            new AcknowledgeCommand("cmd-1"), new MarkDispatched("cmd-1"), new MarkRunning("cmd-1"), new CompleteCommand("cmd-1", 1, 9),
            new FailCommand("cmd-1", FailureReason.TimedOut), new CancelCommand("cmd-1", "tech"),
        })
            Assert.Equal(RejectionCode.InvalidTransition, s.Rejected(message).Code);
        Assert.Equal(CommandStatus.Succeeded, s.State.View("cmd-1").Status);
    }

    [Fact]
    public void DuplicateAck_OfAnAcknowledgedCommand_ChangesNothing()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));
        s.Command(new MarkDispatched("cmd-1"));
        s.Command(new AcknowledgeCommand("cmd-1"));

        var again = s.Send(new AcknowledgeCommand("cmd-1"));

        Assert.Empty(again.Events);
        Assert.Equal(CommandStatus.Acknowledged, Assert.IsType<CommandView>(again.Reply).Status);
    }

    [Fact]
    public void Cancel_OfAQueuedCommand_CancelsItAtOnce()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: EndpointScenario.T0.AddHours(1)));

        var cancelled = s.Command(new CancelCommand("cmd-1", "tech"));

        Assert.Equal(CommandStatus.Cancelled, cancelled.Status);
        Assert.Equal(FailureReason.Cancelled, cancelled.FailureReason);
        Assert.DoesNotContain(s.Last.Effects, e => e is CancelRequested);
        Assert.Null(s.NextDueAt);
    }

    [Fact]
    public void Cancel_OfARunningCommand_AsksTheAgentAndCancelsWhenTheAgentReports()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "sleep 600", "tech"));
        s.Command(new MarkDispatched("cmd-1"));
        s.Command(new MarkRunning("cmd-1"));
        s.Advance(TimeSpan.FromSeconds(5));

        var requested = s.Command(new CancelCommand("cmd-1", "tech"));

        Assert.Equal(CommandStatus.Running, requested.Status);
        Assert.Equal(s.Now, requested.CancelRequestedAt);
        Assert.Contains(new CancelRequested("ep-1", "cmd-1"), s.Last.Effects);
        // Asking again re-sends the kill request without recording a second request.
        Assert.Empty(s.Send(new CancelCommand("cmd-1", "tech")).Events);
        Assert.Contains(new CancelRequested("ep-1", "cmd-1"), s.Last.Effects);

        s.Advance(TimeSpan.FromSeconds(1));
        var cancelled = s.Command(new FailCommand("cmd-1", FailureReason.Cancelled, "killed", OutputBytes: 42));

        Assert.Equal(CommandStatus.Cancelled, cancelled.Status);
        Assert.Equal(42, cancelled.OutputBytes);
        Assert.Equal(6000, cancelled.Timings.ExecutionMs);
    }
}
