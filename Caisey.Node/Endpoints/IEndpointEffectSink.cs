namespace Caisey.Node.Endpoints;

/// <summary>
/// A feature that reacts to endpoint effects (<see cref="DispatchRequested"/>, <see cref="CommandChanged"/>, ...).
/// Called on the entity's own task after the events behind the effect are durable, in order: keep it quick,
/// and never <c>AskAsync</c> the same entity from here (use <c>Tell</c>).
/// </summary>
public interface IEndpointEffectSink
{
    ValueTask HandleAsync(string endpointId, object effect, CancellationToken cancellationToken);
}
