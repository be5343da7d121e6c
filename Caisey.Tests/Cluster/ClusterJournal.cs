using Npgsql;

namespace Caisey.Tests.Cluster;

/// <summary>Reads the cluster's shared PostgreSQL directly, to check what the nodes stored (and under which lease epoch).</summary>
public sealed class ClusterJournal(string connectionString)
{
    public sealed record StoredEvent(long Seq, long? Epoch, string Manifest);

    /// <summary>The endpoint's highest stored sequence number and the epoch it was written under.</summary>
    public async Task<(long Seq, long Epoch)> HighestAsync(string endpointId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, coalesce(epoch, 0) FROM journal_events WHERE persistence_id = @p ORDER BY seq DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("p", endpointId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>The current lease epoch of the endpoint's shard.</summary>
    public async Task<long> EpochOfShardAsync(string endpointId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT epoch FROM cluster_shards WHERE shard_id = @s", connection);
        command.Parameters.AddWithValue("s", Caisey.Node.Cluster.ShardMap.ShardOf(endpointId));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Events of the endpoint after <paramref name="afterSeq"/> stored under an epoch in [<paramref name="sinceEpoch"/>, <paramref name="maxEpoch"/>].</summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsAfterAsync(string endpointId, long afterSeq, long maxEpoch, long sinceEpoch)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, epoch, manifest FROM journal_events WHERE persistence_id = @p AND seq > @s AND coalesce(epoch, 0) BETWEEN @lo AND @hi ORDER BY seq", connection);
        command.Parameters.AddWithValue("p", endpointId);
        command.Parameters.AddWithValue("s", afterSeq);
        command.Parameters.AddWithValue("lo", sinceEpoch);
        command.Parameters.AddWithValue("hi", maxEpoch);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add(new StoredEvent(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2)));
        return events;
    }
}
