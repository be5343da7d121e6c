using Caisey.Node.Runtime;

namespace Caisey.Node.Endpoints;

public sealed partial class EndpointBehavior
{
    private Decision DecideEnroll(EndpointState state, Enroll m, DateTimeOffset now)
    {
        if (state.IsEnrolled)
            return Decision.ReplyOnly(state.ToView());
        return Commit(state, [new EndpointEnrolled(state.EndpointId, m.ClientGroupId, m.Hostname, m.Os, m.AgentVersion, now)], s => s.ToView());
    }

    private Decision DecideCheckIn(EndpointState state, CheckIn m, DateTimeOffset now)
    {
        if (!state.IsEnrolled)
            return Decision.ReplyOnly(NotEnrolled(state));
        // The agent is around: ask the bridge to (re)send whatever it could run now.
        var dispatch = state.Queued.Where(c => state.CanDispatch(c, now)).Select(c => new DispatchRequested(state.EndpointId, c.Id));
        return Commit(state, [new CheckedIn(m.Hostname, m.Os, m.AgentVersion, m.UptimeSeconds, m.PendingUpdates, now)], s => s.ToView(), dispatch);
    }

    private Decision DecideQueue(EndpointState state, QueueCommand m, DateTimeOffset now)
    {
        if (!state.IsEnrolled)
            return Decision.ReplyOnly(NotEnrolled(state));
        if (m.IdempotencyKey is { } key && state.IdempotencyKeys.TryGetValue(key, out var existing))
            return Decision.ReplyOnly(state.View(existing));
        if (state.Commands.ContainsKey(m.CommandId))
            return Decision.ReplyOnly(state.View(m.CommandId));
        if (ValidateSpec(m, now) is { } problem)
            return Decision.ReplyOnly(new EndpointRejection(RejectionCode.InvalidCommand, problem));
        var queued = new CommandQueued(
            m.CommandId, m.Script, m.SubmittedBy, m.Shell, m.TimeoutSeconds, m.NotBefore, m.ExpiresAt, m.IdempotencyKey, m.BatchId, now, m.RequiresConsent);
        var approval = ApprovalFor(state, m, now).ToArray();
        var events = new List<object>(2) { queued };
        events.AddRange(approval);
        var next = events.Aggregate(state, Apply);
        var effects = new List<object>();
        if (next.CanDispatch(next.Commands[m.CommandId], now))
        {
            if (m.DispatchOn is { } transport)
            {
                // The bridge is open: queued and dispatched (attempt 1) in one append; the frame leaves once it is durable.
                var dispatched = new CommandDispatched(m.CommandId, 1, transport, now);
                events.Add(dispatched);
                next = Apply(next, dispatched);
                effects.Add(new DispatchRequested(state.EndpointId, m.CommandId, CommandDispatch.From(next, next.Commands[m.CommandId], now), transport));
            }
            else
            {
                effects.Add(new DispatchRequested(state.EndpointId, m.CommandId));
            }
        }
        if (approval.Length > 0)
            effects.Add(new ApprovalRequestSend(state.EndpointId, next.Approval.Pending!));
        return Commit(state, events, s => s.View(m.CommandId), effects);
    }

    private static string? ValidateSpec(QueueCommand m, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(m.CommandId))
            problems.Add("The command id is empty.");
        if (string.IsNullOrWhiteSpace(m.Script))
            problems.Add("The script is empty.");
        if (m.TimeoutSeconds is <= 0)
            problems.Add($"timeoutSeconds must be positive, but is {m.TimeoutSeconds}.");
        if (m.ExpiresAt is { } expiresAt && expiresAt <= now)
            problems.Add($"expiresAt ({expiresAt:O}) is not in the future.");
        if (m.ExpiresAt is { } end && m.NotBefore is { } start && start >= end)
            problems.Add($"notBefore ({start:O}) must be before expiresAt ({end:O}).");
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }
}
