using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Caisey.Bench.Cluster;

/// <summary>
/// The pgbench-style baseline of <c>cluster-throughput</c>, in the run's own database after the nodes stopped: a raw
/// multi-row <c>INSERT … VALUES</c> loop on one connection, one commit per statement, into a table shaped like
/// <c>journal_events</c>, writing the very rows (manifest, payload) the journal wrote for the commands.
/// </summary>
internal static class PgInsertBaseline
{
    /// <summary>Command events in the journal, by manifest; per command = (all − CommandQueued of never-finished commands) ÷ CommandSucceeded.</summary>
    public static async Task<(double PerCommand, long Succeeded, string ByManifest)> CountCommandEventsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT manifest, COUNT(*) FROM journal_events GROUP BY manifest ORDER BY 2 DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        long total = 0, queued = 0, succeeded = 0;
        var byManifest = new List<string>();
        while (await reader.ReadAsync())
        {
            var (manifest, n) = (reader.GetString(0), reader.GetInt64(1));
            byManifest.Add($"{manifest}={n}");
            if (!IsCommandEvent(manifest))
                continue;
            total += n;
            if (manifest.Contains("Queued", StringComparison.OrdinalIgnoreCase))
                queued += n;
            if (manifest.Contains("Succeeded", StringComparison.OrdinalIgnoreCase))
                succeeded += n;
        }
        return ((total - (queued - succeeded)) / (double)Math.Max(1, succeeded), succeeded, string.Join(", ", byManifest));
    }

    private static bool IsCommandEvent(string manifest) => manifest.Contains("Command", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rows/s of <paramref name="rowsPerCommit"/>-row INSERTs for about <paramref name="duration"/>, cycling through the journal's command rows.</summary>
    public static async Task<double> RowsPerSecondAsync(string connectionString, int rowsPerCommit, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (LIKE journal_events INCLUDING ALL)", connection))
            await create.ExecuteNonQueryAsync();
        var source = new List<(string Id, long Seq, string Manifest, byte[] Payload)>();
        await using (var select = new NpgsqlCommand("SELECT persistence_id, seq, manifest, payload FROM journal_events WHERE manifest ILIKE '%command%' ORDER BY ordering LIMIT 20000", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                source.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3)));
        }
        if (source.Count == 0)
            throw new InvalidOperationException("the journal holds no command events to copy");

        long written = 0, cycle = 0;
        var next = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            var sql = new StringBuilder("INSERT INTO bench_raw (persistence_id, seq, manifest, payload, timestamp) VALUES ");
            await using var tx = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand { Connection = connection, Transaction = tx };
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
            for (var r = 0; r < rowsPerCommit; r++)
            {
                if (next == source.Count)
                {
                    next = 0;
                    cycle++;
                }
                var (id, seq, manifest, payload) = source[next++];
                sql.Append(CultureInfo.InvariantCulture, $"{(r == 0 ? "" : ",")}(${4 * r + 2},${4 * r + 3},${4 * r + 4},${4 * r + 5},$1)");
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cycle == 0 ? id : $"{id}~{cycle}" });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = manifest });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            written += rowsPerCommit;
        }
        return written / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
