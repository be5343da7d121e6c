using Caisey.Node.Journal;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Cluster;

/// <summary>
/// When the <see cref="ClusterBus"/> listener reconnects, the changes other nodes announced meanwhile are lost: this
/// refreshes the <see cref="FleetReadModel"/> from the shared journal (<see cref="FleetReadModel.RefreshAsync"/>), one
/// refresh at a time, in the background.
/// </summary>
public sealed partial class ClusterFleetRefresh : IDisposable
{
    private readonly ClusterBus _bus;
    private readonly FleetReadModel _fleet;
    private readonly Func<IEnumerable<string>> _endpointIds;
    private readonly Func<IEventJournal> _journal;
    private readonly ILogger<ClusterFleetRefresh> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly CancellationTokenSource _stop = new();

    public ClusterFleetRefresh(ClusterBus bus, FleetReadModel fleet, Func<IEnumerable<string>> endpointIds, Func<IEventJournal> journal, ILogger<ClusterFleetRefresh> logger)
    {
        _bus = bus;
        _fleet = fleet;
        _endpointIds = endpointIds;
        _journal = journal;
        _logger = logger;
        _bus.Reconnected += OnReconnected;
    }

    /// <summary>Raised after each refresh with how many endpoint and command views it changed.</summary>
    public event Action<int, int>? Refreshed;

    public void Dispose()
    {
        _bus.Reconnected -= OnReconnected;
        _stop.Cancel();
        _stop.Dispose();
    }

    private void OnReconnected() => _ = Task.Run(RefreshAsync);

    private async Task RefreshAsync()
    {
        try
        {
            await _one.WaitAsync(_stop.Token).ConfigureAwait(false);
            try
            {
                var (endpoints, commands) = await _fleet.RefreshAsync(_endpointIds(), _journal(), _stop.Token).ConfigureAwait(false);
                LogRefreshed(_logger, endpoints, commands);
                Refreshed?.Invoke(endpoints, commands);
            }
            finally
            {
                _one.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(_logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster bus reconnected: fleet view refreshed from the journal ({Endpoints} endpoint and {Commands} command views changed)")]
    private static partial void LogRefreshed(ILogger logger, int endpoints, int commands);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster bus reconnected, but refreshing the fleet view failed; it catches up with later changes")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
