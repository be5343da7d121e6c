using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointTimerTests
{
    private static readonly DateTimeOffset T0 = EndpointScenario.T0;

    [Fact]
    public void Wake_AfterExpiry_ExpiresTheQueuedCommand()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: T0.AddMinutes(10)));
        s.Command(new QueueCommand("cmd-2", "uptime", "tech", ExpiresAt: T0.AddMinutes(30)));
        Assert.Equal(T0.AddMinutes(10), s.NextDueAt);

        s.Now = T0.AddMinutes(10);
        s.Send(new Wake(s.Now));

        var expired = s.State.View("cmd-1");
        Assert.Equal(CommandStatus.Expired, expired.Status);
        Assert.Equal(FailureReason.Expired, expired.FailureReason);
        Assert.Null(expired.RoundTripMs);
        Assert.Equal(CommandStatus.Queued, s.State.View("cmd-2").Status);
        Assert.Equal(T0.AddMinutes(30), s.NextDueAt);
        Assert.Contains(s.Last.Effects, e => e is CommandChanged { Command.Status: CommandStatus.Expired });
    }

    [Fact]
    public void Wake_BeforeAnythingIsDue_ChangesNothing()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: T0.AddMinutes(10)));
        s.Now = T0.AddMinutes(9);

        var decision = s.Send(new Wake(s.Now));

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Effects);
    }

    [Fact]
    public void Expiry_OnlyAppliesWhileQueued()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: T0.AddMinutes(10)));
        s.Command(new MarkDispatched("cmd-1"));

        Assert.Null(s.NextDueAt);
        s.Now = T0.AddMinutes(11);
        Assert.Empty(s.Send(new Wake(s.Now)).Events);
        Assert.Equal(CommandStatus.Dispatched, s.State.View("cmd-1").Status);
    }

    [Fact]
    public void NotBefore_CommandIsNotDispatchableBeforeThen_AndIsReleasedForDispatchOnWake()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "uptime", "tech", NotBefore: T0.AddHours(1)));
        Assert.DoesNotContain(s.Last.Effects, e => e is DispatchRequested);
        Assert.Equal(T0.AddHours(1), s.NextDueAt);

        Assert.Equal(RejectionCode.InvalidTransition, s.Rejected(new MarkDispatched("cmd-1")).Code);
        s.Advance(TimeSpan.FromMinutes(30));
        Assert.DoesNotContain(s.Send(new CheckIn("pc-1", "linux", "1.0", 1, 0)).Effects, e => e is DispatchRequested);

        s.Now = T0.AddHours(1);
        s.Send(new Wake(s.Now));

        Assert.Contains(new DispatchRequested("ep-1", "cmd-1"), s.Last.Effects);
        Assert.Null(s.NextDueAt); // released: the same wake-up is not due again
        Assert.Equal(CommandStatus.Dispatched, s.Command(new MarkDispatched("cmd-1")).Status);
    }
}
