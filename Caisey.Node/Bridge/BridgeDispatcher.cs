using Caisey.Node.Cluster;
using System.Collections.Concurrent;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Reachability;
using Caisey.Node.Runtime;

namespace Caisey.Node.Bridge;

/// <summary>
/// Delivers commands to agents through the acked path: receives <see cref="DispatchRequested"/> and
/// <see cref="CancelRequested"/> on the entity's task and hands them, with bridge events, to a per-endpoint
/// <see cref="DispatchWorker"/> that does the asking and sending on its own task.
/// </summary>
public sealed partial class BridgeDispatcher(
    IServiceProvider services,
    BridgeRegistry registry,
    BridgeDoorbell doorbell,
    ReachabilityTracker reachability,
    BridgeOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BridgeDispatcher> logger) : IEndpointEffectSink
{
    private readonly ConcurrentDictionary<string, DispatchWorker> _workers = new(StringComparer.Ordinal);
    private EndpointGateway? _endpoints;

    internal EndpointGateway Endpoints => _endpoints ??= services.GetRequiredService<EndpointGateway>();

    internal BridgeRegistry Registry => registry;

    internal BridgeDoorbell Doorbell => doorbell;

    internal ReachabilityTracker Reachability => reachability;

    internal BridgeOptions Options => options;

    internal DispatchRetryPolicy RetryPolicy { get; } = new(options.RetryBaseDelay, options.RetryMaxDelay, options.RetryMaxAttempts);

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    internal CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Called on the entity's task: queues work, never waits for the entity. A command marked dispatched with
    /// its queueing is sent from here when the endpoint's worker is idle (it asks nothing: the frame leaves at once).</summary>
    public ValueTask HandleAsync(string endpointId, object effect, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case DispatchRequested dispatch:
                Worker(endpointId).Post(new DispatchWorker.Deliver(dispatch.CommandId, Redeliver: false, dispatch.Dispatched, dispatch.DispatchedOn),
                    inline: dispatch.Dispatched is not null);
                break;
            case CancelRequested cancel:
                Worker(endpointId).Post(new DispatchWorker.Cancel(cancel.CommandId));
                break;
            case ApprovalRequestSend approval:
                Worker(endpointId).Post(new DispatchWorker.SendApproval(approval.Request));
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>A bridge opened: everything unfinished is (re)delivered on it.</summary>
    public void SessionOpened(BridgeSession session) => Worker(session.EndpointId).Post(new DispatchWorker.Opened(session));

    public void SessionClosed(BridgeSession session) => Worker(session.EndpointId).Post(new DispatchWorker.Closed(session));

    /// <summary>The agent acknowledged the command (durably recorded): stop retrying it.</summary>
    public void Acknowledged(BridgeSession session, string commandId) =>
        Worker(session.EndpointId).Post(new DispatchWorker.Acked(commandId));

    /// <summary>True when the endpoint's approval policy is <c>notify</c>: its user is told about each command.</summary>
    internal bool NotifiesUser(string endpointId)
    {
        var policies = services.GetService<Approvals.ApprovalPolicyStore>();
        var group = services.GetService<ReadModels.FleetReadModel>()?.FindEndpoint(endpointId)?.ClientGroupId;
        return policies?.Effective(endpointId, group) == Approvals.ApprovalPolicy.Notify;
    }

    private DispatchWorker Worker(string endpointId) => _workers.GetOrAdd(endpointId, id => new DispatchWorker(id, this));
}
