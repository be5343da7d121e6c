using Npgsql;
using NpgsqlTypes;

namespace Caisey.Node.Cluster;

public sealed partial class ShardLeaseStore
{
    /// <summary>Takes up to <paramref name="count"/> free shards (unowned or expired; those handed to this node first)
    /// with a higher epoch, skipping rows another node is taking right now. Only an <c>up</c> node acquires.</summary>
    public async Task<IReadOnlyList<ShardLease>> AcquireAsync(string nodeId, int count, TimeSpan lease, TimeSpan nodeTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            UPDATE cluster_shards s
            SET owner_node_id = @me, epoch = s.epoch + 1, lease_expires_at = clock_timestamp() + @lease, handoff_to = NULL
            WHERE s.shard_id IN (
                SELECT c.shard_id FROM cluster_shards c
                WHERE (c.owner_node_id IS NULL OR c.lease_expires_at IS NULL OR c.lease_expires_at <= clock_timestamp())
                  AND (c.handoff_to IS NULL OR c.handoff_to = @me OR NOT EXISTS (
                        SELECT 1 FROM cluster_nodes t
                        WHERE t.node_id = c.handoff_to AND t.status = 'up' AND t.heartbeat_at > clock_timestamp() - @timeout))
                  AND EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node_id = @me AND n.status = 'up' FOR SHARE)
                ORDER BY (c.handoff_to IS NOT DISTINCT FROM @me) DESC, c.shard_id
                LIMIT @n
                FOR UPDATE SKIP LOCKED)
            RETURNING s.shard_id, s.owner_node_id, s.epoch
            """, connection);
        command.Parameters.AddWithValue("me", nodeId);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("timeout", nodeTimeout);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLeasesAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks shards this node still holds as being handed to their targets (visible to others as load, and to ops).</summary>
    public async Task MarkHandoffsAsync(string nodeId, IReadOnlyList<ShardHandoff> handoffs, CancellationToken cancellationToken)
    {
        if (handoffs.Count == 0)
            return;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE cluster_shards s SET handoff_to = u.target
            FROM unnest(@ids, @targets) AS u(shard_id, target)
            WHERE s.shard_id = u.shard_id AND s.owner_node_id = @me AND s.lease_expires_at > clock_timestamp()
              AND s.shard_id IN {LockInOrder("shard_id = ANY(@ids)")}
            """, connection);
        command.Parameters.AddWithValue("me", nodeId);
        command.Parameters.AddWithValue("ids", handoffs.Select(h => h.ShardId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("targets", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = handoffs.Select(h => (object?)h.To ?? DBNull.Value).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After their entities drained, moves each shard to its target in one statement (epoch + 1, fresh lease),
    /// or releases it (owner null, epoch + 1) when the target is null or no longer an up, heartbeating member.</summary>
    /// <returns>The shards that moved, with their new owner (null: released) and epoch; a shard this node no longer held is absent.</returns>
    public async Task<IReadOnlyList<ShardLease>> TransferAsync(
        string nodeId, IReadOnlyList<(int ShardId, long Epoch, string? Target)> transfers, TimeSpan lease, TimeSpan nodeTimeout, CancellationToken cancellationToken)
    {
        if (transfers.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE cluster_shards s
            SET owner_node_id = CASE WHEN t.live THEN t.target END,
                epoch = s.epoch + 1,
                lease_expires_at = CASE WHEN t.live THEN clock_timestamp() + @lease END,
                handoff_to = NULL
            FROM (SELECT u.shard_id, u.epoch, u.target,
                         EXISTS (SELECT 1 FROM cluster_nodes n
                                 WHERE n.node_id = u.target AND n.status = 'up' AND n.heartbeat_at > clock_timestamp() - @timeout
                                 FOR SHARE) AS live
                  FROM unnest(@ids, @epochs, @targets) AS u(shard_id, epoch, target)) t
            WHERE s.shard_id = t.shard_id AND s.owner_node_id = @me AND s.epoch = t.epoch AND s.lease_expires_at > clock_timestamp()
              AND s.shard_id IN {LockInOrder("shard_id = ANY(@ids)")}
            RETURNING s.shard_id, s.owner_node_id, s.epoch
            """, connection);
        command.Parameters.AddWithValue("me", nodeId);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("timeout", nodeTimeout);
        command.Parameters.AddWithValue("ids", transfers.Select(t => t.ShardId).ToArray());
        command.Parameters.AddWithValue("epochs", transfers.Select(t => t.Epoch).ToArray());
        command.Parameters.Add(new NpgsqlParameter("targets", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = transfers.Select(t => (object?)t.Target ?? DBNull.Value).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLeasesAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets <paramref name="nodeId"/>'s status to <paramref name="to"/> if it is currently <paramref name="from"/>.</summary>
    /// <returns>Whether the member was in <paramref name="from"/>.</returns>
    public async Task<bool> ChangeStatusAsync(string nodeId, MemberStatus from, MemberStatus to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("UPDATE cluster_nodes SET status = @to WHERE node_id = @n AND status = @from", connection);
        command.Parameters.AddWithValue("n", nodeId);
        command.Parameters.AddWithValue("from", from.ToDatabase());
        command.Parameters.AddWithValue("to", to.ToDatabase());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>In one transaction: <paramref name="nodeId"/> becomes <c>down</c>, its live leases expire now, and handoffs to it are cancelled.</summary>
    /// <returns>Whether the member exists.</returns>
    public async Task<bool> DownAsync(string nodeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Command("UPDATE cluster_nodes SET status = 'down' WHERE node_id = @n", ("n", nodeId)));
        batch.BatchCommands.Add(Command(
            "UPDATE cluster_shards SET lease_expires_at = clock_timestamp(), handoff_to = NULL WHERE shard_id IN " + LockInOrder("owner_node_id = @n AND lease_expires_at > clock_timestamp()"),
            ("n", nodeId)));
        batch.BatchCommands.Add(Command("UPDATE cluster_shards SET handoff_to = NULL WHERE shard_id IN " + LockInOrder("handoff_to = @n"), ("n", nodeId)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (batch.BatchCommands[0].RecordsAffected != 1)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
