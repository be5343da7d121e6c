using Caisey.Node.Runtime;

namespace Caisey.Node.Endpoints;

/// <summary>Hands every endpoint effect to each registered <see cref="IEndpointEffectSink"/>, in registration order.</summary>
public sealed class EndpointEffectRouter(IEnumerable<IEndpointEffectSink> sinks) : IEffectHandler
{
    private readonly IEndpointEffectSink[] _sinks = sinks.ToArray();

    public async ValueTask HandleAsync(string entityId, object effect, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
            await sink.HandleAsync(entityId, effect, cancellationToken).ConfigureAwait(false);
    }
}
