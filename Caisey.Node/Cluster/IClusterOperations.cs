namespace Caisey.Node.Cluster;

/// <summary>What the ops CLI sees and steers (<c>cluster show</c>, <c>cluster leave</c>, <c>cluster down</c>, <c>shards list</c>).</summary>
public interface IClusterOperations
{
    /// <summary>This node's id.</summary>
    string NodeId { get; }

    /// <summary>Every member as of the last heartbeat (left and downed ones included).</summary>
    IReadOnlyList<MemberInfo> Members();

    /// <summary>Every shard lease as of the last heartbeat.</summary>
    IReadOnlyList<ShardState> Shards();

    /// <summary>This node hands all its shards off, then becomes <c>left</c> and stops heartbeating.</summary>
    Task LeaveAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="nodeId"/> <c>leaving</c>; it hands its shards off on its next heartbeat.</summary>
    /// <exception cref="InvalidOperationException">No member <paramref name="nodeId"/> is up.</exception>
    Task RequestLeaveAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Fences <paramref name="nodeId"/> now: <c>down</c>, its leases expire at once and others take them with a higher epoch.</summary>
    /// <exception cref="InvalidOperationException">No member <paramref name="nodeId"/> exists.</exception>
    Task DownAsync(string nodeId, CancellationToken cancellationToken = default);
}
