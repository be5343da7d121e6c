using Caisey.Node.Audit;
using Caisey.Node.Commands;
using Caisey.Node.Transcripts;

namespace Caisey.Node.Storage;

/// <summary>
/// Where the node keeps its data besides the journal, chosen by <c>caisey.journal.provider</c>: <c>sqlite</c> — one file
/// per store in the data directory (<c>node.db</c>, <c>output.db</c>, <c>transcripts.db</c>); <c>postgres</c> — the
/// cluster's shared database (<c>caisey.journal.postgres.connection-string</c>), one migration component per store,
/// the audit log's included (on SQLite the audit log opens its own <c>audit.db</c>).
/// </summary>
/// <remarks>As a hosted service (registered before the others) it migrates PostgreSQL and starts listening for the
/// changes of other nodes before anything reads.</remarks>
public sealed class NodeStorage : IHostedService, IAsyncDisposable
{
    private NodeStorage(NodeDatabase node, SqlDatabase output, SqlDatabase transcripts, SqlDatabase? audit, PostgresDatabase? postgres,
        PostgresNotifications? notifications)
    {
        (Node, Output, Transcripts, Audit, Postgres, Notifications) = (node, output, transcripts, audit, postgres, notifications);
    }

    public NodeDatabase Node { get; }

    public SqlDatabase Output { get; }

    public SqlDatabase Transcripts { get; }

    /// <summary>The cluster's one audit chain (<see cref="AuditLog.Schema"/>); null on SQLite, where each node keeps its own file.</summary>
    public SqlDatabase? Audit { get; }

    /// <summary>The shared database; null on SQLite.</summary>
    public PostgresDatabase? Postgres { get; }

    public PostgresNotifications? Notifications { get; }

    /// <summary>The node's SQLite files in <paramref name="dataDir"/>, migrated now.</summary>
    public static NodeStorage OnSqlite(string dataDir) => new(
        new NodeDatabase(Path.Combine(dataDir, "node.db")),
        new SqlDatabase(CommandOutputStore.Schema, Path.Combine(dataDir, "output.db")),
        new SqlDatabase(TranscriptStore.Schema, Path.Combine(dataDir, TranscriptExtensions.FileName)),
        audit: null, postgres: null, notifications: null);

    /// <summary>The shared PostgreSQL; <see cref="StartAsync"/> migrates it and starts listening.</summary>
    public static NodeStorage OnPostgres(string connectionString, TimeProvider time, ILogger<PostgresNotifications> logger)
    {
        var postgres = new PostgresDatabase(connectionString);
        var notifications = new PostgresNotifications(postgres, time, logger);
        return new NodeStorage(
            new NodeDatabase(postgres, notifications),
            new SqlDatabase(CommandOutputStore.Schema, postgres, notifications),
            new SqlDatabase(TranscriptStore.Schema, postgres, notifications),
            new SqlDatabase(AuditLog.Schema, postgres),
            postgres, notifications);
    }

    /// <summary>The storage <c>caisey.journal.provider</c> names.</summary>
    /// <exception cref="InvalidOperationException">An unknown provider, or postgres without a connection string.</exception>
    public static NodeStorage Open(string provider, string postgresConnectionString, string dataDir, TimeProvider time, ILogger<PostgresNotifications> logger) =>
        provider.ToLowerInvariant() switch
        {
            "sqlite" => OnSqlite(dataDir),
            "postgres" => OnPostgres(postgresConnectionString, time, logger),
            _ => throw new InvalidOperationException($"caisey.journal.provider '{provider}' is unknown; use 'sqlite' or 'postgres'."),
        };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var database in (SqlDatabase[])[Node, Output, Transcripts, .. Audit is null ? (SqlDatabase[])[] : [Audit]])
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (Notifications is not null)
            await Notifications.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Notifications?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        // The host disposes a hosted service that is also a singleton twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Node.Dispose();
        Output.Dispose();
        Transcripts.Dispose();
        Audit?.Dispose();
        if (Notifications is not null)
            await Notifications.DisposeAsync().ConfigureAwait(false);
        if (Postgres is not null)
            await Postgres.DisposeAsync().ConfigureAwait(false);
    }
}
