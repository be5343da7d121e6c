using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointLifecycleTests
{
    [Fact]
    public void Lifecycle_HappyPath_RecordsEveryTransitionWithItsTime()
    {
        var s = new EndpointScenario();

        var queued = s.Command(new QueueCommand("cmd-1", "uptime", "tech", Shell: "sh"));
        Assert.Equal(CommandStatus.Queued, queued.Status);
        Assert.Contains(new DispatchRequested("ep-1", "cmd-1"), s.Last.Effects);
        s.Advance(TimeSpan.FromMilliseconds(300));
        s.Command(new MarkDispatched("cmd-1", "wss"));
        s.Advance(TimeSpan.FromMilliseconds(40));
        s.Command(new AcknowledgeCommand("cmd-1"));
        s.Advance(TimeSpan.FromMilliseconds(10));
        s.Command(new MarkRunning("cmd-1"));
        s.Advance(TimeSpan.FromMilliseconds(1500));
        var done = s.Command(new CompleteCommand("cmd-1", ExitCode: 3, OutputBytes: 120));

        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Equal(3, done.ExitCode);
        Assert.Equal(120, done.OutputBytes);
        Assert.Equal(1, done.Attempts);
        Assert.Null(done.FailureReason);
        Assert.Equal(
            [CommandStatus.Queued, CommandStatus.Dispatched, CommandStatus.Acknowledged, CommandStatus.Running, CommandStatus.Succeeded],
            done.Timeline.Select(e => e.Status));
        Assert.Equal(s.Now, done.Timeline[^1].At);
        Assert.Equal(new CommandTimings(QueuedMs: 300, DeliveryMs: 40, AckMs: 10, ExecutionMs: 1500, RoundTripMs: 1850), done.Timings);
        Assert.Equal(1850, done.RoundTripMs);
        Assert.Equal(done, Assert.IsType<CommandChanged>(Assert.Single(s.Last.Effects)).Command);
    }

    [Fact]
    public void Redispatch_OfAnUnacknowledgedCommand_CountsAttemptsAndTimesDeliveryFromTheFirst()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));
        s.Command(new MarkDispatched("cmd-1"));
        s.Advance(TimeSpan.FromSeconds(2));
        s.Command(new MarkDispatched("cmd-1", "long-poll"));
        s.Advance(TimeSpan.FromSeconds(1));

        var acked = s.Command(new AcknowledgeCommand("cmd-1"));

        Assert.Equal(2, acked.Attempts);
        Assert.Equal(3000, acked.Timings.DeliveryMs);
        Assert.Equal("attempt 2 via long-poll", acked.Timeline[2].Detail);
    }

    [Fact]
    public void Failure_CarriesItsTypedReason()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));
        s.Command(new MarkDispatched("cmd-1"));
        s.Command(new MarkRunning("cmd-1"));

        var failed = s.Command(new FailCommand("cmd-1", FailureReason.AgentRestarted, OutputBytes: 10));

        Assert.Equal(CommandStatus.Failed, failed.Status);
        Assert.Equal(FailureReason.AgentRestarted, failed.FailureReason);
        // Running proved delivery although no ack frame came: the timeline shows it.
        Assert.Equal([CommandStatus.Queued, CommandStatus.Dispatched, CommandStatus.Acknowledged, CommandStatus.Running, CommandStatus.Failed],
            failed.Timeline.Select(e => e.Status));
    }

    [Fact]
    public void QueueCommand_WithAnIdempotencyKeyAlreadyUsed_RepliesWithTheExistingCommandAndEmitsNothing()
    {
        var s = new EndpointScenario();
        var first = s.Command(new QueueCommand("cmd-1", "uptime", "tech", IdempotencyKey: "k-1"));
        s.Command(new MarkDispatched("cmd-1"));

        var again = s.Send(new QueueCommand("cmd-2", "uptime", "tech", IdempotencyKey: "k-1"));

        Assert.Empty(again.Events);
        Assert.Empty(again.Effects);
        var view = Assert.IsType<CommandView>(again.Reply);
        Assert.Equal(first.Id, view.Id);
        Assert.Equal(CommandStatus.Dispatched, view.Status);
        Assert.False(s.State.Commands.ContainsKey("cmd-2"));
    }

    [Fact]
    public void QueueCommand_BeforeEnrollment_IsRejected()
    {
        var s = new EndpointScenario(enrolled: false);

        Assert.Equal(RejectionCode.NotEnrolled, s.Rejected(new QueueCommand("cmd-1", "uptime", "tech")).Code);
    }

    [Fact]
    public void QueueCommand_WithAnInvalidSpec_ReportsEveryProblemAtOnce()
    {
        var s = new EndpointScenario();

        var rejection = s.Rejected(new QueueCommand(
            "cmd-1", " ", "tech", TimeoutSeconds: 0, NotBefore: EndpointScenario.T0.AddHours(2), ExpiresAt: EndpointScenario.T0.AddHours(1)));

        Assert.Equal(RejectionCode.InvalidCommand, rejection.Code);
        Assert.Contains("script", rejection.Detail);
        Assert.Contains("timeoutSeconds", rejection.Detail);
        Assert.Contains("notBefore", rejection.Detail);
    }

    [Fact]
    public void CheckIn_UpdatesReadinessAndRequestsDispatchOfWaitingCommands()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech"));
        s.Advance(TimeSpan.FromMinutes(5));

        var view = Assert.IsType<EndpointView>(s.Send(new CheckIn("pc-1b", "linux", "1.1", 3600, 4)).Reply);

        Assert.Equal(new EndpointReadiness("pc-1b", "linux", "1.1", 3600, 4, s.Now), view.Readiness);
        Assert.Equal(1, view.PendingCommands);
        Assert.Contains(new DispatchRequested("ep-1", "cmd-1"), s.Last.Effects);
        Assert.Contains(new EndpointChanged(view), s.Last.Effects);
    }
}
