using Caisey.Node.Storage;
using Npgsql;

namespace Caisey.Node.Cluster;

/// <summary>
/// The cluster tables' statements. Every lease time is the database's <c>clock_timestamp()</c>; a statement that takes a
/// lease over increments its epoch. Statements that depend on a member's status lock that member's row
/// (<c>FOR SHARE</c>), so that <see cref="DownAsync"/> serializes with them: once it commits, a downed node can neither
/// renew, acquire nor receive a lease.
/// </summary>
public sealed partial class ShardLeaseStore(PostgresDatabase database)
{
    /// <summary>Migrates the cluster tables and makes sure exactly <paramref name="shardCount"/> lease rows exist.</summary>
    /// <exception cref="InvalidOperationException">The cluster was created with another shard count.</exception>
    public async Task EnsureSchemaAsync(int shardCount, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(ClusterSchema.Component, ClusterSchema.Migrations, cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM cluster_shards WHERE shard_id >= @count;
            """, connection);
        command.Parameters.AddWithValue("count", shardCount);
        var beyond = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        if (beyond > 0)
        {
            await using var total = new NpgsqlCommand("SELECT count(*) FROM cluster_shards", connection);
            var existing = await total.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(
                $"caisey.cluster.shard-count is {shardCount}, but the cluster's database has {existing} shards; the shard count is fixed for the life of a cluster.");
        }
        await using var fill = new NpgsqlCommand(
            "INSERT INTO cluster_shards (shard_id) SELECT generate_series(0, @count - 1) ON CONFLICT (shard_id) DO NOTHING", connection);
        fill.Parameters.AddWithValue("count", shardCount);
        await fill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins as <c>up</c> (a restarting node rejoins), and expires any lease a previous run of this node id still
    /// holds, so that this run writes only under epochs it acquired itself.</summary>
    public async Task RegisterAsync(string nodeId, string advertisedUrl, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO cluster_nodes (node_id, advertised_url, status) VALUES (@me, @url, 'up')
            ON CONFLICT (node_id) DO UPDATE SET advertised_url = EXCLUDED.advertised_url, status = 'up',
                started_at = clock_timestamp(), heartbeat_at = clock_timestamp(), live_entities = 0
            """, ("me", nodeId), ("url", advertisedUrl)));
        batch.BatchCommands.Add(Command(
            "UPDATE cluster_shards SET lease_expires_at = clock_timestamp() WHERE shard_id IN " + LockInOrder("owner_node_id = @me AND lease_expires_at > clock_timestamp()"),
            ("me", nodeId)));
        batch.BatchCommands.Add(Command("UPDATE cluster_shards SET handoff_to = NULL WHERE shard_id IN " + LockInOrder("handoff_to = @me"), ("me", nodeId)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A subquery that row-locks the lease rows matching <paramref name="condition"/> in shard order. Every statement that
    /// changes lease rows locks them through it, in the same order as the journal's <c>FOR SHARE</c> fence check, so
    /// that a renewal and a batch of appends never deadlock.
    /// </summary>
    internal static string LockInOrder(string condition) => $"(SELECT shard_id FROM cluster_shards WHERE {condition} ORDER BY shard_id FOR UPDATE)";

    /// <summary>One round trip: heartbeat, renew every live lease this node holds, read members and shards.</summary>
    /// <remarks>A lease that already expired is not renewed (someone may have taken it, or will, with a higher epoch):
    /// the caller treats it as lost.</remarks>
    public async Task<HeartbeatResult> HeartbeatAsync(string nodeId, int liveEntities, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            "UPDATE cluster_nodes SET heartbeat_at = clock_timestamp(), live_entities = @live WHERE node_id = @me RETURNING status",
            ("me", nodeId), ("live", liveEntities)));
        batch.BatchCommands.Add(Command(
            """
            UPDATE cluster_shards SET lease_expires_at = clock_timestamp() + @lease
            WHERE shard_id IN (SELECT shard_id FROM cluster_shards WHERE owner_node_id = @me AND lease_expires_at > clock_timestamp()
                               ORDER BY shard_id FOR UPDATE)
              AND owner_node_id = @me AND lease_expires_at > clock_timestamp()
              AND EXISTS (SELECT 1 FROM cluster_nodes WHERE node_id = @me AND status IN ('up', 'leaving'))
            RETURNING shard_id, owner_node_id, epoch
            """, ("me", nodeId), ("lease", lease)));
        batch.BatchCommands.Add(Command(
            "SELECT node_id, advertised_url, status, clock_timestamp() - heartbeat_at, live_entities FROM cluster_nodes ORDER BY node_id"));
        batch.BatchCommands.Add(Command(
            """
            SELECT shard_id, owner_node_id, epoch, lease_expires_at, COALESCE(lease_expires_at > clock_timestamp(), false), handoff_to
            FROM cluster_shards ORDER BY shard_id
            """));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        MemberStatus? status = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? MemberStatuses.Parse(reader.GetString(0)) : null;
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var renewed = await ReadLeasesAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<MemberState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            members.Add(new MemberState(reader.GetString(0), reader.GetString(1), MemberStatuses.Parse(reader.GetString(2)),
                reader.GetFieldValue<TimeSpan>(3), reader.GetInt32(4)));
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var shards = new List<ShardState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            shards.Add(new ShardState(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        return new HeartbeatResult(status, renewed, new ClusterView(members, shards));
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<List<ShardLease>> ReadLeasesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var leases = new List<ShardLease>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            leases.Add(new ShardLease(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        return leases;
    }
}
