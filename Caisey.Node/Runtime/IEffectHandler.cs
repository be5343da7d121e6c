namespace Caisey.Node.Runtime;

/// <summary>Performs an entity's effects (send a frame, publish a change) once their events are durable.</summary>
/// <remarks>
/// Called on the entity's runner, one effect at a time, in decision order; the entity processes no other
/// message meanwhile, so keep it short (hand work to a channel). Asking the same entity from here deadlocks;
/// <c>Tell</c> is fine. An exception is logged and does not undo the events.
/// </remarks>
public interface IEffectHandler
{
    ValueTask HandleAsync(string entityId, object effect, CancellationToken cancellationToken);
}
