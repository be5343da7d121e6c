using Caisey.Node.Cluster;
using Caisey.Node.Endpoints;
using Caisey.Node.Health;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;
using Caisey.Node.Storage;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Hosting;

/// <summary>
/// Owns the node's storage and entities: opens the journal and the wake-up index, starts the endpoint host,
/// marks the node ready; on shutdown marks it not ready, stops the entities and flushes the journal.
/// </summary>
public sealed partial class NodeRuntime(
    IOptions<NodeOptions> node,
    JournalSettings journalSettings,
    EntitySettings entitySettings,
    EndpointEffectRouter effects,
    NodeReadiness readiness,
    NodeStorage storage,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private IEventJournal? _journal;
    private ISnapshotStore? _snapshots;
    private IWakeupIndex? _wakeups;
    private PostgresDatabase? _postgres;
    private EntityHost<EndpointState, IEndpointMessage>? _endpoints;
    private int _disposed;

    /// <summary>The cluster options when this node is part of a cluster; null on a single node.</summary>
    private ClusterOptions? Cluster => services.GetService<ClusterOptions>() is { Enabled: true } cluster ? cluster : null;

    /// <summary>The endpoint entities (the shard region). Available once the node started.</summary>
    public EntityHost<EndpointState, IEndpointMessage> Endpoints =>
        _endpoints ?? throw new InvalidOperationException("The node runtime has not started.");

    /// <summary>The event journal, for read-model catch-up. Available once the node started.</summary>
    public IEventJournal Journal => _journal ?? throw new InvalidOperationException("The node runtime has not started.");

    public ISnapshotStore Snapshots => _snapshots ?? throw new InvalidOperationException("The node runtime has not started.");

    /// <summary>The stored wake-ups of entities in <paramref name="shards"/> (cluster: a shard this node just acquired).</summary>
    public async Task<IReadOnlyList<Wakeup>> LoadWakeupsAsync(IReadOnlyCollection<int> shards, int shardCount, CancellationToken cancellationToken)
    {
        var index = _wakeups ?? throw new InvalidOperationException("The node runtime has not started.");
        if (index is PostgresWakeupIndex postgres)
            return await postgres.LoadAsync(shards, cancellationToken).ConfigureAwait(false);
        var all = await index.LoadAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(w => shards.Contains(ShardMap.ShardOf(w.EntityId, shardCount)))];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = node.Value.DataDir;
        await OpenStorageAsync(dataDir, cancellationToken).ConfigureAwait(false);
        _endpoints = new EntityHost<EndpointState, IEndpointMessage>(
            new EndpointBehavior(), _journal!, _snapshots!, _wakeups!, effects,
            new EntityHostOptions
            {
                PassivateAfter = entitySettings.PassivateAfter,
                MaxLiveEntities = entitySettings.MaxLive,
                SnapshotEvery = journalSettings.SnapshotEvery,
                RestartBackoffMin = entitySettings.RestartBackoffMin,
                RestartBackoffMax = entitySettings.RestartBackoffMax,
                Admit = Cluster is null ? null : services.GetRequiredService<EndpointShardListener>().Admits,
            },
            time, loggers.CreateLogger<EntityHost<EndpointState, IEndpointMessage>>());
        // In a cluster a node wakes only the entities of shards it holds: the shard listener adopts their wake-ups.
        if (Cluster is null)
            await _endpoints.StartAsync(cancellationToken).ConfigureAwait(false);
        readiness.MarkReady();
        LogStarted(loggers.CreateLogger<NodeRuntime>(), Path.GetFullPath(dataDir));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkNotReady("stopping: the node is shutting down");
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the entities, then flushes and closes the journal (everything acknowledged is already on disk).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (_endpoints is not null)
            await _endpoints.DisposeAsync().ConfigureAwait(false);
        if (_wakeups is not null)
            await _wakeups.DisposeAsync().ConfigureAwait(false);
        if (_journal is not null)
            await _journal.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal and endpoint entities ready; data in {DataDir}")]
    private static partial void LogStarted(ILogger logger, string dataDir);
}
