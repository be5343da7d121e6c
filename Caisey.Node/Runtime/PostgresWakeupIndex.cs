using Caisey.Node.Cluster;
using Caisey.Node.Storage;
using Npgsql;

namespace Caisey.Node.Runtime;

/// <summary>
/// A wake-up index in the shared PostgreSQL database (component <c>wakeups</c>): table
/// <c>wakeups(entity_id text PRIMARY KEY, shard_id integer, due_at timestamptz)</c>, so that a node loads only the
/// wake-ups of the shards it owns (<see cref="LoadAsync(IReadOnlyCollection{int}, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// <c>shard_id</c> is <see cref="ShardMap.ShardOf"/> of the entity id with the cluster's shard count. Calls run on pooled
/// connections and may be concurrent. Disposing does not close the database; its owner does.
/// </remarks>
public sealed class PostgresWakeupIndex : IWakeupIndex
{
    public const string Component = "wakeups";

    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE wakeups (
            entity_id text PRIMARY KEY,
            shard_id  integer NOT NULL,
            due_at    timestamptz NOT NULL);
        CREATE INDEX wakeups_shard_due ON wakeups (shard_id, due_at);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _shardCount;

    private PostgresWakeupIndex(NpgsqlDataSource dataSource, int shardCount)
    {
        _dataSource = dataSource;
        _shardCount = shardCount;
    }

    /// <summary>Migrates the <c>wakeups</c> table and returns an index over it.</summary>
    public static async Task<PostgresWakeupIndex> OpenAsync(PostgresDatabase database, int shardCount = ShardMap.DefaultShardCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        await database.MigrateAsync(Component, Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresWakeupIndex(database.DataSource, shardCount);
    }

    public async ValueTask UpsertAsync(string entityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO wakeups (entity_id, shard_id, due_at) VALUES (@id, @shard, @due)
            ON CONFLICT (entity_id) DO UPDATE SET due_at = EXCLUDED.due_at, shard_id = EXCLUDED.shard_id
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("id", entityId));
        command.Parameters.Add(new NpgsqlParameter<int>("shard", ShardMap.ShardOf(entityId, _shardCount)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("due", dueAt.ToUniversalTime()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(string entityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        await using var command = _dataSource.CreateCommand("DELETE FROM wakeups WHERE entity_id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", entityId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All stored due times of every shard, earliest first.</summary>
    public ValueTask<IReadOnlyList<Wakeup>> LoadAsync(CancellationToken cancellationToken = default) =>
        LoadWhereAsync("SELECT entity_id, due_at FROM wakeups ORDER BY due_at, entity_id", null, cancellationToken);

    /// <summary>The stored due times of entities in <paramref name="shards"/>, earliest first.</summary>
    public ValueTask<IReadOnlyList<Wakeup>> LoadAsync(IReadOnlyCollection<int> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return LoadWhereAsync("SELECT entity_id, due_at FROM wakeups WHERE shard_id = ANY(@shards) ORDER BY due_at, entity_id", [.. shards], cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async ValueTask<IReadOnlyList<Wakeup>> LoadWhereAsync(string sql, int[]? shards, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        if (shards is not null)
            command.Parameters.Add(new NpgsqlParameter<int[]>("shards", shards));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<Wakeup>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            all.Add(new Wakeup(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return all;
    }
}
