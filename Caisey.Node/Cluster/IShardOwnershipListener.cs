namespace Caisey.Node.Cluster;

/// <summary>Told when this node gains or gives up a shard, so the entity runtime starts and stops its entities.</summary>
/// <remarks>
/// Calls for one shard never overlap and come in lease order: <see cref="OnAcquiredAsync"/>, then either
/// <see cref="OnReleasingAsync"/> (graceful handoff) or <see cref="OnLost"/> (lease gone). <see cref="OnLost"/> may also
/// arrive while <see cref="OnReleasingAsync"/> is still draining, when the lease is lost meanwhile (the node was downed).
/// </remarks>
public interface IShardOwnershipListener
{
    /// <summary>This node now holds <paramref name="shardId"/> under <paramref name="epoch"/>. Runs on the lease loop:
    /// return quickly (start entities lazily), or renewals wait.</summary>
    Task OnAcquiredAsync(int shardId, long epoch, CancellationToken cancellationToken);

    /// <summary>Stop the shard's entities gracefully: accept no new messages, let in-flight ones finish and persist.
    /// The lease moves only after this completes, or after <c>caisey.cluster.handoff-timeout</c> (then
    /// <paramref name="cancellationToken"/> is cancelled). The write fence stays valid while it runs.</summary>
    Task OnReleasingAsync(int shardId, CancellationToken cancellationToken);

    /// <summary>The lease is gone without a handoff (expired, downed, taken over): stop the shard's entities at once.
    /// The write fence already answers null for it.</summary>
    void OnLost(int shardId);
}
