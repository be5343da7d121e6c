namespace Caisey.Node.Cluster;

/// <summary>The listener until one is set: ownership changes only move leases.</summary>
internal sealed class NoShardOwnershipListener : IShardOwnershipListener
{
    public static readonly NoShardOwnershipListener Instance = new();

    public Task OnAcquiredAsync(int shardId, long epoch, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnReleasingAsync(int shardId, CancellationToken cancellationToken) => Task.CompletedTask;

    public void OnLost(int shardId)
    {
    }
}
