namespace Caisey.Node.Cluster;

/// <summary>Leave and down: the ops verbs <c>cluster leave</c> and <c>cluster down</c>.</summary>
public sealed partial class ShardLeaseManager
{
    /// <inheritdoc />
    /// <remarks>Needs the loop (<see cref="RunAsync"/>) running: it performs the handoffs. Returns once this node left
    /// (or was downed meanwhile); at once when it is not up.</remarks>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (Status is null or MemberStatus.Left or MemberStatus.Down)
            return;
        if (await _store.ChangeStatusAsync(NodeId, MemberStatus.Up, MemberStatus.Leaving, cancellationToken).ConfigureAwait(false))
            LogLeaving(_logger, NodeId);
        Wake();
        await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RequestLeaveAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        if (!await _store.ChangeStatusAsync(nodeId, MemberStatus.Up, MemberStatus.Leaving, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"No member '{nodeId}' is up; only an up member can be asked to leave.");
        LogLeaveRequested(_logger, nodeId);
        if (nodeId == NodeId)
            Wake();
    }

    public async Task DownAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        if (!await _store.DownAsync(nodeId, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"No member '{nodeId}' exists in the cluster.");
        LogDowned(_logger, nodeId);
        if (nodeId == NodeId)
            Wake();
    }
}
