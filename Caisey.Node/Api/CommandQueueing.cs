using Caisey.Node.Bridge;
using Caisey.Node.Cluster;
using Caisey.Node.Endpoints;
using Caisey.Node.Approvals;
using Caisey.Node.Hosting;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Api;

/// <summary>Asks endpoint entities to queue and cancel commands; a reply comes only once its events are durable.</summary>
/// <remarks>Replies are a <see cref="CommandView"/>, an <see cref="EndpointRejection"/> or <see cref="CommandReplies.NodeStopping"/>.</remarks>
public sealed class CommandQueueing(EndpointGateway endpoints, FleetReadModel fleet, ApprovalPolicyStore policies, BridgeRegistry bridges)
{
    /// <summary>Queues the command; under a <c>require-consent</c> policy it waits for the machine user's consent.</summary>
    public Task<object?> QueueAsync(string endpointId, CommandSpec spec, string submittedBy, string? batchId, CancellationToken cancellationToken) =>
        AskAsync(endpointId, new QueueCommand(
            ApiIds.NewCommandId(), spec.Script!, submittedBy, spec.Shell, spec.TimeoutSeconds, spec.NotBefore, spec.ExpiresAt,
            spec.IdempotencyKey, batchId,
            RequiresConsent: policies.Effective(endpointId, fleet.FindEndpoint(endpointId)?.ClientGroupId) == ApprovalPolicy.RequireConsent,
            // The bridge is open here: queued and dispatched in one append (QueueCommand.DispatchOn).
            DispatchOn: bridges.Find(endpointId) is { IsOpen: true, IsClosing: false } bridge ? bridge.Transport : null),
            cancellationToken);

    public Task<object?> CancelAsync(string endpointId, string commandId, string requestedBy, CancellationToken cancellationToken) =>
        AskAsync(endpointId, new CancelCommand(commandId, requestedBy), cancellationToken);

    private async Task<object?> AskAsync(string endpointId, IEndpointMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await endpoints.AskAsync(endpointId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return CommandReplies.NodeStopping.Instance;
        }
    }
}
