using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>On shutdown, closes every open bridge with GoingAway and a retry-after hint, so agents reconnect calmly.</summary>
public sealed class BridgeShutdown(BridgeRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var session in registry.All)
            session.Close(BridgeCloseCodes.GoingAway, "the node is shutting down", retryAfterMs: 1000);
        return Task.CompletedTask;
    }
}
