namespace Caisey.Node.Runtime;

/// <summary>The outcome of <see cref="IEntityBehavior{TState, TMessage}.Decide"/>.</summary>
/// <param name="Events">Persisted, in order and atomically, before anything else happens.</param>
/// <param name="Effects">Handed to the <see cref="IEffectHandler"/> after the events are durable.</param>
/// <param name="Reply">Returned to the asker after the events are durable and the effects handed over.</param>
public sealed record Decision(IReadOnlyList<object> Events, IReadOnlyList<object> Effects, object? Reply)
{
    /// <summary>
    /// The state after <see cref="Events"/>, when the behaviour already folded them to build its reply and effects (it
    /// must be exactly that fold); the runtime then takes it instead of folding every event a second time.
    /// </summary>
    public object? State { get; init; }

    /// <summary>
    /// Nothing outside the entity waits on these events' durability (an agent's ack of a dispatch: the agent's own
    /// journal makes a re-dispatch harmless): the journal may hold them briefly so that they share the next commit. The
    /// entity's later steps still let out only after them: a reply-only step behind them waits up to the linger, and the
    /// next append ends the hold.
    /// </summary>
    public bool MayDefer { get; init; }

    /// <summary>Nothing to persist or perform; only a reply.</summary>
    public static Decision ReplyOnly(object? reply) => new([], [], reply);
}
