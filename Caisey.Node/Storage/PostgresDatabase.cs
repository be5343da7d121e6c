using Npgsql;

namespace Caisey.Node.Storage;

/// <summary>
/// The PostgreSQL database that the nodes of a cluster share: one <see cref="NpgsqlDataSource"/> (connection pool)
/// per node, and versioned migrations per component (journal, cluster, node, output, audit) so that each feature
/// owns its own tables and its own migration list.
/// </summary>
/// <remarks>Migrations run under a transaction-scoped advisory lock, so nodes that start together migrate once.</remarks>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const long MigrationLockKey = 0x43_41_49_53_45_59; // "CAISEY"

    public PostgresDatabase(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("caisey.journal.postgres.connection-string is empty; set it to a PostgreSQL connection string.");
        DataSource = NpgsqlDataSource.Create(WithSessionDefaults(connectionString));
    }

    /// <summary>
    /// How long a session of this node may sit idle inside a transaction before PostgreSQL ends it, unless the connection
    /// string sets <c>idle_in_transaction_session_timeout</c> itself. A node frozen mid-transaction (SIGSTOP, a stalled
    /// VM) would otherwise hold its locks — the audit chain's advisory lock, lease rows — until it thaws, and every
    /// other node's audit records and lease moves would wait for it. Caisey's transactions never idle on purpose.
    /// </summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The connection string with <see cref="IdleInTransactionTimeout"/> added to its <c>Options</c> (when it sets none).</summary>
    public static string WithSessionDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.OrdinalIgnoreCase) == true)
            return connectionString;
        var timeout = $"-c idle_in_transaction_session_timeout={(long)IdleInTransactionTimeout.TotalMilliseconds}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? timeout : builder.Options + " " + timeout;
        return builder.ConnectionString;
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Brings <paramref name="component"/>'s tables to the last of <paramref name="migrations"/> (each runs once, in order).</summary>
    /// <exception cref="InvalidOperationException">The database is newer than this node knows.</exception>
    public async Task MigrateAsync(string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(@key); CREATE TABLE IF NOT EXISTS schema_versions (component text PRIMARY KEY, version integer NOT NULL);",
            connection, tx))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        int current;
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_versions WHERE component = @c", connection, tx))
        {
            command.Parameters.AddWithValue("c", component);
            current = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        }
        if (current > migrations.Count)
            throw new InvalidOperationException($"PostgreSQL component '{component}' has schema version {current}, newer than this node knows ({migrations.Count}); upgrade Caisey.");
        for (var v = current; v < migrations.Count; v++)
        {
            await using var step = new NpgsqlCommand(migrations[v], connection, tx);
            await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var command = new NpgsqlCommand(
            "INSERT INTO schema_versions (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version",
            connection, tx))
        {
            command.Parameters.AddWithValue("c", component);
            command.Parameters.AddWithValue("v", migrations.Count);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private int _disposed;

    /// <summary>Closes the pool; a second call (the host disposes shared singletons once per registration) does nothing.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 1 ? ValueTask.CompletedTask : DataSource.DisposeAsync();
}
