using Caisey.Node.Runtime;

namespace Caisey.Node.Endpoints;

/// <summary>
/// The pure behaviour of an endpoint entity (one managed machine): its readiness and its durable command queue.
/// </summary>
/// <remarks>
/// Replies: <see cref="EndpointView"/>, <see cref="CommandView"/>, <see cref="CommandDispatch"/>, <see cref="OpenCommands"/>
/// or <see cref="EndpointRejection"/> (nothing persisted).
/// Effects: <see cref="CommandChanged"/>, <see cref="EndpointChanged"/>, <see cref="DispatchRequested"/>, <see cref="CancelRequested"/>.
/// </remarks>
public sealed partial class EndpointBehavior : IEntityBehavior<EndpointState, IEndpointMessage>
{
    public EndpointState Initial(string entityId) => new() { EndpointId = entityId };

    public Decision Decide(EndpointState state, IEndpointMessage message, DateTimeOffset now) => message switch
    {
        Enroll m => DecideEnroll(state, m, now),
        CheckIn m => DecideCheckIn(state, m, now),
        QueueCommand m => DecideQueue(state, m, now),
        MarkDispatched m => DecideDispatched(state, m, now),
        DispatchCommand m => DecideDispatch(state, m, now),
        AcknowledgeCommand m => DecideAcknowledged(state, m, now),
        MarkRunning m => DecideRunning(state, m, now),
        CompleteCommand m => DecideCompleted(state, m, now),
        FailCommand m => DecideFailed(state, m, now),
        CancelCommand m => DecideCancel(state, m, now),
        GetCommand m => state.Commands.ContainsKey(m.CommandId) ? Decision.ReplyOnly(state.View(m.CommandId)) : Unknown(m.CommandId),
        GetEndpoint => Decision.ReplyOnly(state.IsEnrolled ? state.ToView() : NotEnrolled(state)),
        GetDispatch m => state.Commands.TryGetValue(m.CommandId, out var c) ? Decision.ReplyOnly(CommandDispatch.From(state, c, now)) : Unknown(m.CommandId),
        GetOpenCommands => Decision.ReplyOnly(new OpenCommands(
            state.Table.Open.OrderBy(c => c.Ordinal).Select(c => CommandDispatch.From(state, c, now)).ToArray())),
        Wake => DecideWake(state, now),
        RequestApproval m => DecideRequestApproval(state, m, now),
        AnswerApproval m => DecideAnswerApproval(state, m, now),
        GetApproval => Decision.ReplyOnly(state.Approval),
        _ => throw new ArgumentException($"Unknown endpoint message {message.GetType().Name}.", nameof(message)),
    };

    /// <summary>The earliest expiry or not-before time among queued commands.</summary>
    public DateTimeOffset? NextDueAt(EndpointState state)
    {
        DateTimeOffset? next = null;
        if (state.Approval.Pending is { } pending)
            next = pending.ExpiresAt;
        // A grant that runs out while consent-requiring work still waits: ask again then.
        else if (state.Approval.Grant is { } grant && state.Table.Open.Any(c => c.Status == CommandStatus.Queued && c.RequiresConsent))
            next = grant.ExpiresAt;
        // Every step asks this: the table keeps its queued commands' due times in order.
        if (state.Table.EarliestDue is { } due && (next is null || due < next))
            next = due;
        return next;
    }

    IEndpointMessage IEntityBehavior<EndpointState, IEndpointMessage>.Wake(DateTimeOffset now) => new Wake(now);

    /// <summary>Folds the events and builds the decision: a <see cref="CommandChanged"/> per command touched, an
    /// <see cref="EndpointChanged"/> when readiness changed, then <paramref name="effects"/>; the reply sees the new state.
    /// A <see cref="DispatchRequested"/> that carries its frame goes first: the frame need not wait for the views.</summary>
    private Decision Commit(EndpointState state, IReadOnlyList<object> events, Func<EndpointState, object?> reply, params IEnumerable<object> effects)
    {
        var next = events.Aggregate(state, Apply);
        var all = new List<object>();
        var rest = new List<object>();
        foreach (var effect in effects)
            (effect is DispatchRequested { Dispatched: not null } ? all : rest).Add(effect);
        var answer = reply(next);
        foreach (var commandId in events.OfType<ICommandEvent>().Select(e => e.CommandId).Distinct())
        {
            // The reply is most often this command's view: one view for both (views are immutable).
            var view = answer is CommandView shown && shown.Id == commandId ? shown : next.View(commandId);
            all.Add(new CommandChanged(view, Created: events.Any(e => e is CommandQueued queued && queued.CommandId == commandId)));
        }
        if (events.Any(e => e is EndpointEnrolled or CheckedIn or ApprovalRequested or ApprovalGranted or ApprovalDenied))
            all.Add(new EndpointChanged(next.ToView()));
        all.AddRange(rest);
        return new Decision(events, all, answer) { State = next };
    }

    private static EndpointRejection NotEnrolled(EndpointState state) =>
        new(RejectionCode.NotEnrolled, $"Endpoint '{state.EndpointId}' is not enrolled.");

    private static Decision Unknown(string commandId) =>
        Decision.ReplyOnly(new EndpointRejection(RejectionCode.UnknownCommand, $"Command '{commandId}' does not exist on this endpoint."));

    private static Decision Invalid(EndpointState state, CommandRecord command, string action) =>
        Decision.ReplyOnly(new EndpointRejection(
            RejectionCode.InvalidTransition, $"Command '{command.Id}' is {Name(command.Status)}; it cannot {action}.", state.View(command.Id)));

    private static string Name(CommandStatus status) => status.ToString().ToLowerInvariant();
}
