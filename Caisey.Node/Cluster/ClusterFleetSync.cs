using System.Text.Json;
using Caisey.Node.Bridge;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Cluster;

/// <summary>
/// Keeps every node's fleet view, reachability and doorbells in step over the <see cref="ClusterBus"/>: the owner of an
/// endpoint publishes its view changes, command changes, reachability and output chunks; the others apply them to their
/// <see cref="FleetReadModel"/> and output store (which drive the console's live events) and ring a doorbell an agent holds on them.
/// </summary>
public sealed class ClusterFleetSync : IEndpointEffectSink, IDisposable
{
    public const string EndpointKind = "endpoint";
    public const string CommandKind = "command";
    public const string ReachabilityKind = "reach";
    public const string DoorbellKind = "doorbell";
    public const string OutputKind = "output";

    [ThreadStatic]
    private static bool _relaying;

    private readonly ClusterBus _bus;
    private readonly FleetReadModel _fleet;
    private readonly ClusterReachability _reachability;
    private readonly BridgeDoorbell _doorbell;
    private readonly CommandOutputStore _output;

    public ClusterFleetSync(ClusterBus bus, FleetReadModel fleet, ClusterReachability reachability, BridgeDoorbell doorbell, CommandOutputStore output)
    {
        _output = output;
        _output.Appended += OnOutput;
        _bus = bus;
        _fleet = fleet;
        _reachability = reachability;
        _doorbell = doorbell;
        _bus.Received += OnReceived;
        _reachability.LocalChanged += OnLocalReachability;
        _doorbell.Unanswered += OnUnanswered;
    }

    public ValueTask HandleAsync(string endpointId, object effect, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case EndpointChanged changed:
                _bus.Publish(EndpointKind, JsonSerializer.SerializeToElement(changed.Endpoint, ClusterJsonContext.Default.EndpointView));
                break;
            case CommandChanged changed:
                _bus.Publish(CommandKind, JsonSerializer.SerializeToElement(changed.Command, ClusterJsonContext.Default.CommandView));
                break;
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _bus.Received -= OnReceived;
        _reachability.LocalChanged -= OnLocalReachability;
        _doorbell.Unanswered -= OnUnanswered;
        _output.Appended -= OnOutput;
    }

    private void OnOutput(OutputChunkRecord chunk)
    {
        if (!_relaying)
            _bus.Publish(OutputKind, JsonSerializer.SerializeToElement(chunk, ClusterJsonContext.Default.OutputChunkRecord));
    }

    private void OnLocalReachability(string endpointId, ReachabilityView view) =>
        _bus.Publish(ReachabilityKind, JsonSerializer.SerializeToElement(new RemoteReachability(endpointId, view), ClusterJsonContext.Default.RemoteReachability));

    private void OnUnanswered(string endpointId) =>
        _bus.Publish(DoorbellKind, JsonSerializer.SerializeToElement(endpointId, ClusterJsonContext.Default.String));

    private void OnReceived(BusMessage message)
    {
        var body = message.Body!.Value;
        switch (message.Kind)
        {
            case EndpointKind when body.Deserialize(ClusterJsonContext.Default.EndpointView) is { } view:
                _fleet.ApplyRemote(view);
                break;
            case CommandKind when body.Deserialize(ClusterJsonContext.Default.CommandView) is { } command:
                _fleet.ApplyRemote(command);
                break;
            case ReachabilityKind when body.Deserialize(ClusterJsonContext.Default.RemoteReachability) is { } reach:
                _reachability.ApplyRemote(message.Origin, reach.EndpointId, reach.View);
                break;
            case DoorbellKind when body.Deserialize(ClusterJsonContext.Default.String) is { } endpointId:
                _doorbell.RingHere(endpointId);
                break;
            case OutputKind when body.Deserialize(ClusterJsonContext.Default.OutputChunkRecord) is { } chunk:
                _relaying = true;
                try
                {
                    _output.AppendedElsewhere(chunk);
                }
                finally
                {
                    _relaying = false;
                }
                break;
        }
    }
}

/// <summary>An endpoint's reachability as its owner sees it.</summary>
public sealed record RemoteReachability(string EndpointId, ReachabilityView View);
