using System.Diagnostics;
using Caisey.Bench.Journal;
using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Bench.Bridge;

/// <summary>
/// Raw Microsoft.Data.Sqlite floors on the journal's own schema and pragmas (WAL, the given synchronous mode), in a
/// file beside the node's data: one row per commit (the cost of one durable write, i.e. an fdatasync) and a batched
/// insert loop (the most rows/s the disk and SQLite take).
/// </summary>
internal static class SqliteBaselines
{

    /// <summary>A payload the size of a command event (~250 bytes of JSON).</summary>
    private static readonly byte[] Payload = System.Text.Encoding.UTF8.GetBytes(
        "{\"commandId\":\"0b9c2d6e4f8a4b1c9d3e5f7a1b2c3d4e\",\"endpointId\":\"ep-0b9c2d6e4f8a4b1c\",\"status\":\"dispatched\",\"transport\":\"websocket\",\"attempt\":1,\"at\":\"2025-01-31T09:30:00.123Z\",\"detail\":\"run-command sent over the bridge\"}");

    /// <summary>
    /// One connection's single-row commits, run in as many passes as asked (<see cref="Run"/>: latencies in µs, at most
    /// <c>maxSeconds</c> a pass): a benchmark that interleaves its baselines
    /// keeps the file open between passes, since closing the last connection checkpoints and removes the write-ahead
    /// log, and a log that grows again costs each commit a metadata flush (the node's journal runs with a log that has
    /// wrapped).
    /// </summary>
    internal sealed class OneRowCommitLoop(string file, string synchronous) : IDisposable
    {
        private readonly SqliteConnection _connection = RawJournalSqlite.Open(file, synchronous);
        private SqliteCommand? _insert;
        private long _seq;

        public double[] Run(int count, double maxSeconds = 5)
        {
            var insert = _insert ??= RawJournalSqlite.PrepareInsert(_connection);
            var latencies = new List<long>(count);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count && Stopwatch.GetElapsedTime(start).TotalSeconds < maxSeconds; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                Bind(insert, "one-row", ++_seq);
                insert.ExecuteNonQuery();
                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }
            return Percentiles.TicksToMicroseconds(latencies);
        }

        public void Dispose()
        {
            _insert?.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>
    /// Latencies (µs) of <paramref name="count"/> single-row commits <paramref name="gap"/> apart (after
    /// <paramref name="warmup"/> unmeasured ones): a durable write on a machine that was idle in between, as each of a
    /// spaced-out command's writes is.
    /// </summary>
    public static async Task<double[]> SpacedOneRowCommitsAsync(string file, string synchronous, int warmup, int count, TimeSpan gap)
    {
        using var connection = RawJournalSqlite.Open(file, synchronous);
        using var insert = RawJournalSqlite.PrepareInsert(connection);
        var latencies = new List<long>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            await Task.Delay(gap);
            var t0 = Stopwatch.GetTimestamp();
            Bind(insert, "spaced", i + 1);
            insert.ExecuteNonQuery();
            if (i >= warmup)
                latencies.Add(Stopwatch.GetTimestamp() - t0);
        }
        return Percentiles.TicksToMicroseconds(latencies);
    }

    /// <summary>Rows/s of a prepared insert loop committing every <paramref name="batch"/> rows.</summary>
    public static double BatchedInsertRowsPerSecond(string file, string synchronous, int rows, int batch = 500)
    {
        using var connection = RawJournalSqlite.Open(file, synchronous);
        using var insert = RawJournalSqlite.PrepareInsert(connection);
        var start = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows; offset += batch)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var i = offset; i < Math.Min(offset + batch, rows); i++)
            {
                Bind(insert, "endpoint-" + (i % 1000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture), i / 1000 + 1);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void Bind(SqliteCommand insert, string id, long seq)
    {
        insert.Parameters[0].Value = id;
        insert.Parameters[1].Value = seq;
        insert.Parameters[2].Value = "CommandDispatched";
        insert.Parameters[3].Value = Payload;
        insert.Parameters[4].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

}
