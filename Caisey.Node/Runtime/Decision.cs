namespace Caisey.Node.Runtime;

/// <summary>The outcome of <see cref="IEntityBehavior{TState, TMessage}.Decide"/>.</summary>
/// <param name="Events">Persisted, in order and atomically, before anything else happens.</param>
/// <param name="Effects">Handed to the <see cref="IEffectHandler"/> after the events are durable.</param>
/// <param name="Reply">Returned to the asker after the events are durable and the effects handed over.</param>
public sealed record Decision(IReadOnlyList<object> Events, IReadOnlyList<object> Effects, object? Reply)
{
    /// <summary>Nothing to persist or perform; only a reply.</summary>
    public static Decision ReplyOnly(object? reply) => new([], [], reply);
}
