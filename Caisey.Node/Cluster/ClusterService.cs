namespace Caisey.Node.Cluster;

/// <summary>Runs this node's lease loop while the host runs; on shutdown it leaves gracefully (hands its shards off), then stops.</summary>
internal sealed partial class ClusterService(ShardLeaseManager manager, ClusterOptions options, ILogger<ClusterService> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Joins before the host serves (a database problem fails startup), then heartbeats in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await manager.JoinAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => manager.RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Leaves (bounded by the host's shutdown token and by handoff-timeout plus two leases), then ends the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(options.HandoffTimeout + 2 * options.LeaseDuration);
            await manager.LeaveAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogLeaveUnfinished(logger, manager.NodeId);
        }
        catch (Exception e)
        {
            LogLeaveFailed(logger, manager.NodeId, e);
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stopping.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{NodeId} stopped before its handoffs finished; its remaining leases will expire")]
    private static partial void LogLeaveUnfinished(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{NodeId} could not leave the cluster gracefully; its leases will expire")]
    private static partial void LogLeaveFailed(ILogger logger, string nodeId, Exception error);
}
