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
            }, serializer, time);
            (_journal, _snapshots) = (sqlite, sqlite.Snapshots);
            _wakeups = await SqliteWakeupIndex.OpenAsync(Path.Combine(dataDir, "wakeups.db"), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!string.Equals(journalSettings.Provider, "postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"caisey.journal.provider '{journalSettings.Provider}' is not known; use 'sqlite' or 'postgres'.");

        // One node on PostgreSQL: not fenced (the cluster's shard leases fence appends when several nodes share the database).
        _postgres = new PostgresDatabase(journalSettings.PostgresConnectionString);
        var postgres = await PostgresEventJournal.OpenAsync(_postgres, new PostgresJournalOptions(), serializer, time, cancellationToken).ConfigureAwait(false);
        (_journal, _snapshots) = (postgres, postgres.Snapshots);
        _wakeups = await PostgresWakeupIndex.OpenAsync(_postgres, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
