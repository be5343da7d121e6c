using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointApprovalTests
{
    [Fact]
    public void ConsentCommand_WithoutGrant_WaitsAndAsksTheMachineUser()
    {
        var s = new EndpointScenario();
        var queued = s.Command(new QueueCommand("cmd-1", "apt upgrade", "tech", RequiresConsent: true));

        Assert.Equal(CommandStatus.Queued, queued.Status);
        Assert.True(queued.RequiresConsent);
        Assert.DoesNotContain(s.Last.Effects, e => e is DispatchRequested);
        var send = Assert.Single(s.Last.Effects.OfType<ApprovalRequestSend>());
        Assert.Equal("tech", send.Request.RequestedBy);
        Assert.Equal(EndpointScenario.T0.AddMinutes(15), send.Request.ExpiresAt);
        Assert.False(Assert.IsType<CommandDispatch>(s.Send(new GetDispatch("cmd-1")).Reply).Dispatchable);
        Assert.Equal(send.Request.ExpiresAt, s.NextDueAt);
        Assert.Equal(send.Request, s.State.ToView().Approval!.Pending);
    }

    [Fact]
    public void Grant_ReleasesEveryWaitingConsentCommand_AndLaterOnesRunWithoutAsking()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "a", "tech", RequiresConsent: true));
        s.Command(new QueueCommand("cmd-2", "b", "tech", RequiresConsent: true));
        Assert.Empty(s.Last.Effects.OfType<ApprovalRequestSend>()); // one request covers both
        var requestId = s.State.Approval.Pending!.RequestId;

        s.Advance(TimeSpan.FromMinutes(1));
        s.Send(new AnswerApproval(requestId, Granted: true));

        Assert.Equal(["cmd-1", "cmd-2"], s.Last.Effects.OfType<DispatchRequested>().Select(d => d.CommandId));
        Assert.Equal(s.Now.AddMinutes(60), s.State.Approval.Grant!.ExpiresAt);
        Assert.Null(s.State.Approval.Pending);
        s.Command(new QueueCommand("cmd-3", "c", "tech", RequiresConsent: true));
        Assert.Contains(new DispatchRequested("ep-1", "cmd-3"), s.Last.Effects);
        Assert.Empty(s.Last.Effects.OfType<ApprovalRequestSend>());
    }

    [Fact]
    public void Denial_FailsWaitingConsentCommandsWithApprovalDenied_AndLeavesOthersAlone()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("plain", "uptime", "tech"));
        s.Command(new QueueCommand("cmd-1", "a", "tech", RequiresConsent: true));
        s.Send(new AnswerApproval(s.State.Approval.Pending!.RequestId, Granted: false));

        var failed = s.State.View("cmd-1");
        Assert.Equal(CommandStatus.Failed, failed.Status);
        Assert.Equal(FailureReason.ApprovalDenied, failed.FailureReason);
        Assert.Equal(CommandStatus.Queued, s.State.View("plain").Status);
        Assert.Equal("denied", s.State.Approval.LastAnswer);
    }

    [Fact]
    public void NoAnswer_ByTheExpiry_MeansDenied()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "a", "tech", RequiresConsent: true));
        var due = s.NextDueAt!.Value;
        s.Now = due;
        s.Send(new Wake(due));

        Assert.Equal(FailureReason.ApprovalDenied, s.State.View("cmd-1").FailureReason);
        Assert.Equal("expired", s.State.Approval.LastAnswer);
        Assert.Null(s.NextDueAt);
    }

    [Fact]
    public void LateYes_AfterTheExpiry_IsStillNo()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "a", "tech", RequiresConsent: true));
        var requestId = s.State.Approval.Pending!.RequestId;
        s.Advance(TimeSpan.FromMinutes(16));
        s.Send(new AnswerApproval(requestId, Granted: true));

        Assert.Equal(FailureReason.ApprovalDenied, s.State.View("cmd-1").FailureReason);
        Assert.Null(s.State.Approval.Grant);
    }

    [Fact]
    public void GrantRunningOut_WhileConsentWorkWaits_AsksAgain()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-1", "a", "tech", RequiresConsent: true, NotBefore: EndpointScenario.T0.AddHours(2)));
        s.Send(new AnswerApproval(s.State.Approval.Pending!.RequestId, Granted: true));
        var grantEnd = s.State.Approval.Grant!.ExpiresAt;
        Assert.Equal(grantEnd, s.NextDueAt);

        s.Now = grantEnd;
        s.Send(new Wake(grantEnd));

        Assert.Single(s.Last.Effects.OfType<ApprovalRequestSend>());
        Assert.NotNull(s.State.Approval.Pending);
        Assert.Equal(CommandStatus.Queued, s.State.View("cmd-1").Status);
    }

    [Fact]
    public void ExplicitRequest_WhilePending_RepliesWithThePendingOne()
    {
        var s = new EndpointScenario();
        var first = Assert.IsType<EndpointApproval>(s.Send(new RequestApproval("r1", "session", "screen share", "tech", EndpointScenario.T0.AddMinutes(5))).Reply);
        Assert.Single(s.Last.Events);
        var second = Assert.IsType<EndpointApproval>(s.Send(new RequestApproval("r2", "session", "again", "tech", EndpointScenario.T0.AddMinutes(5))).Reply);
        Assert.Empty(s.Last.Events);
        Assert.Equal("r1", second.Pending!.RequestId);
        Assert.Equal(first, second);
    }
}
