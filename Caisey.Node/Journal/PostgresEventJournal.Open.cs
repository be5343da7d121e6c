using Caisey.Node.Cluster;
using Caisey.Node.Storage;

namespace Caisey.Node.Journal;

public sealed partial class PostgresEventJournal
{
    /// <summary>
    /// Migrates the journal's tables (and, when fenced, the cluster's, whose <c>cluster_shards</c> the fence reads),
    /// then starts the writer.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer Caisey.</exception>
    public static async Task<PostgresEventJournal> OpenAsync(
        PostgresDatabase database, PostgresJournalOptions options, IEventSerializer serializer, TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException($"Invalid {nameof(PostgresJournalOptions)}: {string.Join(" ", errors)}", nameof(options));

        await database.MigrateAsync(PostgresJournalSchema.Component, PostgresJournalSchema.Migrations, cancellationToken).ConfigureAwait(false);
        if (options.Fence is not null)
            await database.MigrateAsync(ClusterSchema.Component, ClusterSchema.Migrations, cancellationToken).ConfigureAwait(false);
        var time = timeProvider ?? TimeProvider.System;
        var writer = new PostgresWriter(database.DataSource, options.MaxBatchSize, options.NodeId, time);
        return new PostgresEventJournal(writer, database.DataSource, serializer, options.Fence, time);
    }
}
