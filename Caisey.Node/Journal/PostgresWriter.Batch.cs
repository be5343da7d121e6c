using Npgsql;

namespace Caisey.Node.Journal;

internal sealed partial class PostgresWriter
{
    private const int MaxAttempts = 3;

    protected override async ValueTask WriteBatchAsync()
    {
        var timestamp = Time.GetUtcNow();
        Exception? batchError = null;
        try
        {
            // Fast path: one multi-row INSERT for every append that passed the checks. A unique violation there means
            // another writer (outside this journal) raced us: redo the batch with a savepoint per append.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (!await TryWriteAsync(timestamp, oneByOne: false).ConfigureAwait(false))
                        await TryWriteAsync(timestamp, oneByOne: true).ConfigureAwait(false);
                    break;
                }
                catch (PostgresException e) when (attempt < MaxAttempts
                                                  && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
                {
                    // The database chose this batch as a deadlock victim (or a serialization failure): it rolled back
                    // whole, so write it again; the checks run again too.
                    _highest.Clear();
                    foreach (var request in Batch)
                        request.SetOutcome(0, null);
                }
            }
        }
        catch (Exception e)
        {
            batchError = e is NpgsqlException or IOException ? new IOException($"The journal batch could not be committed: {e.Message}", e) : e;
            _highest.Clear();
            if (_connection is not null)
                await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        long appends = 0, events = 0, failed = 0;
        foreach (var request in Batch)
        {
            if (batchError is not null || !request.Succeeded)
            {
                failed++;
                _highest.Remove(request.PersistenceId);
            }
            else
            {
                (appends, events) = (appends + 1, events + request.Events.Length);
                Remember(request.PersistenceId, request.ExpectedSequenceNr + request.Events.Length, request.Fence?.Epoch);
            }
        }

        Count(appends, events, failed);
        foreach (var request in Batch)
            request.Publish(batchError);
    }

    /// <returns>False when the fast path hit a unique violation and rolled back.</returns>
    private async Task<bool> TryWriteAsync(DateTimeOffset timestamp, bool oneByOne)
    {
        var connection = await ConnectionAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var accepted = await CheckAsync(connection, tx, useCache: !oneByOne).ConfigureAwait(false);
        if (!oneByOne)
        {
            try
            {
                if (accepted.Count > 0)
                    await InsertAsync(connection, tx, accepted, timestamp).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackAsync().ConfigureAwait(false);
                _highest.Clear();
                return false;
            }
        }
        else
        {
            foreach (var request in accepted)
            {
                await tx.SaveAsync("append").ConfigureAwait(false);
                try
                {
                    await InsertAsync(connection, tx, [request], timestamp).ConfigureAwait(false);
                    await tx.ReleaseAsync("append").ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await tx.RollbackAsync("append").ConfigureAwait(false);
                    request.SetOutcome(0, new JournalConcurrencyException(request.PersistenceId, request.ExpectedSequenceNr, request.ExpectedSequenceNr + 1));
                }
            }
        }

        await tx.CommitAsync().ConfigureAwait(false);
        return true;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<PostgresAppendRequest> appends, DateTimeOffset timestamp)
    {
        var rows = 0;
        foreach (var request in appends)
            rows += request.Events.Length;
        var ids = new string[rows];
        var seqs = new long[rows];
        var manifests = new string[rows];
        var payloads = new byte[rows][];
        var epochs = new long?[rows];
        var i = 0;
        foreach (var request in appends)
        {
            var seq = request.ExpectedSequenceNr;
            foreach (var data in request.Events)
            {
                (ids[i], seqs[i], manifests[i], payloads[i], epochs[i]) = (request.PersistenceId, ++seq, data.Manifest, data.Payload, request.Fence?.Epoch);
                i++;
            }
        }

        await using var command = new NpgsqlCommand(PostgresQueries.Insert, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("ts", timestamp));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", seqs));
        command.Parameters.Add(new NpgsqlParameter<string[]>("manifests", manifests));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", payloads));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("epochs", epochs));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
