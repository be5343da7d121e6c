using Caisey.Node.Runtime;

namespace Caisey.Node.Endpoints;

/// <summary>
/// Consent: a command that requires it waits (queued, not dispatchable) until the end user grants a request;
/// a denial or an unanswered request that expires fails every waiting one with <c>approval-denied</c>.
/// </summary>
public sealed partial class EndpointBehavior
{
    private Decision DecideRequestApproval(EndpointState state, RequestApproval m, DateTimeOffset now)
    {
        if (!state.IsEnrolled)
            return Decision.ReplyOnly(NotEnrolled(state));
        if (state.Approval.Pending is not null)
            return Decision.ReplyOnly(state.Approval);
        if (m.ExpiresAt <= now || m.GrantMinutes <= 0 || string.IsNullOrWhiteSpace(m.Scope))
            return Decision.ReplyOnly(new EndpointRejection(RejectionCode.InvalidCommand, "An approval request needs a scope, a future expiry and a positive grant duration."));
        var requested = new ApprovalRequested(m.RequestId, m.Scope, m.Reason, m.RequestedBy, m.ExpiresAt, m.GrantMinutes, now);
        return Commit(state, [requested], s => s.Approval, new ApprovalRequestSend(state.EndpointId, Apply(state, requested).Approval.Pending!));
    }

    private Decision DecideAnswerApproval(EndpointState state, AnswerApproval m, DateTimeOffset now)
    {
        if (state.Approval.Pending is not { } pending || pending.RequestId != m.RequestId)
            return Decision.ReplyOnly(state.Approval); // late or repeated answer: nothing changes
        if (pending.ExpiresAt <= now)
            return Deny(state, pending, expired: true, now);
        if (!m.Granted)
            return Deny(state, pending, expired: false, now);
        var granted = new ApprovalGranted(pending.RequestId, now.AddMinutes(pending.GrantMinutes), now);
        var next = Apply(state, granted);
        var dispatch = next.Queued.Where(c => next.CanDispatch(c, now)).Select(c => new DispatchRequested(state.EndpointId, c.Id));
        return Commit(state, [granted], s => s.Approval, dispatch);
    }

    /// <summary>Denial (or expiry) fails every command that waits for consent.</summary>
    private Decision Deny(EndpointState state, ApprovalRequestRecord pending, bool expired, DateTimeOffset now)
    {
        var why = expired ? "the end user did not answer the approval request in time" : "the end user denied approval";
        var events = new List<object> { new ApprovalDenied(pending.RequestId, expired, now) };
        events.AddRange(state.Queued.Where(c => c.RequiresConsent)
            .Select(c => new CommandFailed(c.Id, FailureReason.ApprovalDenied, why, null, 0, now)));
        return Commit(state, events, s => s.Approval);
    }

    /// <summary>A consent-requiring command with no valid grant asks for one (unless a request is pending).</summary>
    private IEnumerable<object> ApprovalFor(EndpointState state, QueueCommand m, DateTimeOffset now)
    {
        if (!m.RequiresConsent || state.Approval.HasValidGrant(now) || state.Approval.Pending is not null)
            return [];
        return [new ApprovalRequested(
            "apr_" + m.CommandId, "commands", $"{m.SubmittedBy} wants to run a command on this machine", m.SubmittedBy,
            now.AddMinutes(m.ApprovalWaitMinutes), 60, now)];
    }
}
