using Npgsql;
using NpgsqlTypes;

namespace Caisey.Node.Journal;

internal sealed partial class PostgresWriter
{
    /// <summary>
    /// In one round trip, share-locks the lease rows of the batch's fenced shards and reads the highest sequence number
    /// of ids not cached; then records a <see cref="JournalFencedException"/> or <see cref="JournalConcurrencyException"/>
    /// for each append that fails, and its last sequence number for each that passes.
    /// </summary>
    /// <returns>The appends to insert, in queue order.</returns>
    private async Task<List<PostgresAppendRequest>> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction tx, bool useCache)
    {
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookups = new HashSet<string>(StringComparer.Ordinal);
        var shards = new SortedSet<int>();
        foreach (var request in Batch)
        {
            if (request.Fence is { } fence)
                shards.Add(fence.ShardId);
            if (highest.ContainsKey(request.PersistenceId) || lookups.Contains(request.PersistenceId))
                continue;
            if (useCache && _highest.TryGetValue(request.PersistenceId, out var cached) && cached.Epoch == request.Fence?.Epoch)
                highest[request.PersistenceId] = cached.Highest;
            else
                lookups.Add(request.PersistenceId);
        }

        var leases = await ReadLeasesAndHighestAsync(connection, tx, shards, lookups, highest).ConfigureAwait(false);
        var accepted = new List<PostgresAppendRequest>(Batch.Count);
        foreach (var request in Batch)
        {
            if (request.Fence is { } fence &&
                !(leases.TryGetValue(fence.ShardId, out var lease) && lease.Owned && lease.Live && lease.Epoch == fence.Epoch))
            {
                request.SetOutcome(0, new JournalFencedException(request.PersistenceId, fence.ShardId, fence.Epoch));
                continue;
            }

            var current = highest[request.PersistenceId];
            if (current != request.ExpectedSequenceNr)
            {
                request.SetOutcome(0, new JournalConcurrencyException(request.PersistenceId, request.ExpectedSequenceNr, current));
                continue;
            }

            highest[request.PersistenceId] = current + request.Events.Length;
            request.SetOutcome(current + request.Events.Length, null);
            accepted.Add(request);
        }

        return accepted;
    }

    private async Task<Dictionary<int, (bool Owned, long Epoch, bool Live)>> ReadLeasesAndHighestAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, SortedSet<int> shards, HashSet<string> lookups, Dictionary<string, long> highest)
    {
        var leases = new Dictionary<int, (bool Owned, long Epoch, bool Live)>();
        if (shards.Count == 0 && lookups.Count == 0)
            return leases;
        await using var batch = new NpgsqlBatch(connection, tx);
        if (shards.Count > 0)
        {
            var fence = new NpgsqlBatchCommand(PostgresQueries.Fence);
            fence.Parameters.Add(new NpgsqlParameter<string>("node", NpgsqlDbType.Text) { TypedValue = _nodeId ?? "" });
            fence.Parameters.Add(new NpgsqlParameter<int[]>("shards", [.. shards]));
            batch.BatchCommands.Add(fence);
        }
        if (lookups.Count > 0)
        {
            var read = new NpgsqlBatchCommand(PostgresQueries.Highest);
            read.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. lookups]));
            batch.BatchCommands.Add(read);
        }

        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        if (shards.Count > 0)
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
                leases[reader.GetInt32(0)] = (reader.GetBoolean(1), reader.GetInt64(2), reader.GetBoolean(3));
            await reader.NextResultAsync().ConfigureAwait(false);
        }
        if (lookups.Count > 0)
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
                highest[reader.GetString(0)] = reader.GetInt64(1);
        }

        return leases;
    }
}
