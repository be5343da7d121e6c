using Caisey.Node.Cluster;
using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;
using Caisey.Node.Storage;

namespace Caisey.Node.Hosting;

public sealed partial class NodeRuntime
{
    /// <summary>Opens the journal, snapshots and wake-up index of <c>caisey.journal.provider</c>.</summary>
    private async Task OpenStorageAsync(string dataDir, CancellationToken cancellationToken)
    {
        var serializer = EndpointManifests.CreateSerializer();
        if (string.Equals(journalSettings.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = SqliteEventJournal.Open(new SqliteJournalOptions
            {
                FilePath = Path.Combine(dataDir, journalSettings.SqliteFile),
                Synchronous = journalSettings.SqliteSynchronous,
                MaxBatchSize = journalSettings.SqliteMaxBatchSize,
                Linger = journalSettings.SqliteLinger,
            }, serializer, time);
            (_journal, _snapshots) = (sqlite, sqlite.Snapshots);
            var wakeups = new SqliteWakeupIndex(sqlite);
            await wakeups.ImportLegacyFileAsync(Path.Combine(dataDir, "wakeups.db"), cancellationToken).ConfigureAwait(false);
            _wakeups = wakeups;
            return;
        }
        if (!string.Equals(journalSettings.Provider, "postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"caisey.journal.provider '{journalSettings.Provider}' is not known; use 'sqlite' or 'postgres'.");

        // The database the node's stores share (NodeStorage owns it). One node alone on PostgreSQL is not fenced;
        // in a cluster every append carries this node's lease epoch for the entity's shard.
        _postgres = storage.Postgres ?? throw new InvalidOperationException("caisey.journal.provider is postgres but the node's storage is not.");
        var options = new PostgresJournalOptions();
        if (Cluster is { } cluster)
        {
            options.Fence = services.GetRequiredService<IWriteFence>();
            options.NodeId = cluster.ResolvedNodeId;
        }
        var postgres = await PostgresEventJournal.OpenAsync(_postgres, options, serializer, time, cancellationToken).ConfigureAwait(false);
        (_journal, _snapshots) = (postgres, postgres.Snapshots);
        _wakeups = await PostgresWakeupIndex.OpenAsync(_postgres, Cluster?.ShardCount ?? ShardMap.DefaultShardCount, cancellationToken).ConfigureAwait(false);
    }
}
