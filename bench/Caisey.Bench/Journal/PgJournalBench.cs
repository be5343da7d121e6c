using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caisey.Node.Journal;
using Caisey.Node.Storage;
using Npgsql;

namespace Caisey.Bench.Journal;

/// <summary>
/// `Caisey.Bench pg-journal`: the PostgreSQL journal against raw Npgsql loops writing and reading the same rows into a
/// table of the same shape, all in one run against one database (which it empties first).
/// </summary>
internal sealed class PgJournalBench(string connectionString, int ids, int eventsPerId)
{
    private const int RawBatchRows = 500;
    private const string Detail = "command queued: Get-Process | Sort-Object CPU -Descending | Select-Object -First 10; by tech@example.com for acme-corp";
    private readonly IEventSerializer _serializer = BenchSerializer.Create();

    private int Rows => ids * eventsPerId;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var connectionString = options.Get("connection-string");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            System.Console.Error.WriteLine("usage: Caisey.Bench pg-journal --connection-string CS [--ids N] [--events N]  (the database is emptied)");
            return 2;
        }
        var bench = new PgJournalBench(connectionString, options.GetInt("ids", 1000), options.GetInt("events", 20));
        System.Console.WriteLine(await bench.RunAllAsync());
        return 0;
    }

    private static string IdOf(int i) => "endpoint-" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static double Rate(long count, long elapsedTicks) => count * (double)Stopwatch.Frequency / elapsedTicks;

    private async Task<string> RunAllAsync()
    {
        await using var database = new PostgresDatabase(connectionString);
        await ResetAsync(database);
        await using var journal = await PostgresEventJournal.OpenAsync(database, new PostgresJournalOptions(), _serializer);
        await ExecAsync(database, "CREATE TABLE bench_raw (LIKE journal_events INCLUDING ALL)");

        var raw = await RawMultiRowInsertAsync(database);
        var (appends, p50, p99) = await JournalAppendsAsync(journal);
        var stats = journal.Stats;
        await RawSelectAsync(database); // warm-up: both reads then start from the same cache
        var rawRead = await RawSelectAsync(database);
        var replay = await JournalReplayAsync(journal);

        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string P(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## PostgreSQL journal — {ids} ids × {eventsPerId} events, synchronous_commit=on, one run");
        sb.AppendLine();
        sb.AppendLine("| measure | figure | latency p50 / p99 | baseline | ratio |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) raw multi-row INSERT, {RawBatchRows} rows/commit, one connection | {N(raw)} rows/s | | — | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) journal appends, {ids} concurrent ids, 1 event each (≈{P(stats.RequestsPerBatch)} appends/batch) | {N(appends)} appends/s | {N(p50)} / {N(p99)} µs | (a) | {P(100 * appends / raw)}% |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (c) journal replay, all ids one by one, deserialized | {N(replay)} events/s | | raw per-id SELECT {N(rawRead)} rows/s | {P(100 * replay / rawRead)}% |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- pg-journal --connection-string '...' --ids {ids} --events {eventsPerId}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; server and benchmark on the same host.");
        return sb.ToString();
    }

    private static async Task ResetAsync(PostgresDatabase database)
    {
        await ExecAsync(database, """
            DROP TABLE IF EXISTS bench_raw, journal_events, journal_highest, snapshots;
            CREATE TABLE IF NOT EXISTS schema_versions (component text PRIMARY KEY, version integer NOT NULL);
            DELETE FROM schema_versions WHERE component = 'journal';
            """);
    }

    private static async Task ExecAsync(PostgresDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>(a) the rows the journal writes, round robin over ids, as pgbench-style multi-row INSERT … VALUES, one commit per batch.</summary>
    private async Task<double> RawMultiRowInsertAsync(PostgresDatabase database)
    {
        var rows = new List<(string Id, long Seq, string Manifest, byte[] Payload)>(Rows);
        for (var seq = 1; seq <= eventsPerId; seq++)
        {
            for (var i = 0; i < ids; i++)
            {
                var (manifest, payload) = _serializer.Serialize(new BenchEventRecorded(IdOf(i), seq, Detail));
                rows.Add((IdOf(i), seq, manifest, payload));
            }
        }

        await using var connection = await database.OpenAsync();
        var start = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows.Count; offset += RawBatchRows)
        {
            var count = Math.Min(RawBatchRows, rows.Count - offset);
            var sql = new StringBuilder("INSERT INTO bench_raw (persistence_id, seq, manifest, payload, timestamp) VALUES ");
            await using var tx = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand { Connection = connection, Transaction = tx };
            var now = DateTimeOffset.UtcNow;
            for (var r = 0; r < count; r++)
            {
                var (id, seq, manifest, payload) = rows[offset + r];
                sql.Append(CultureInfo.InvariantCulture, $"{(r == 0 ? "" : ",")}(${4 * r + 2},${4 * r + 3},${4 * r + 4},${4 * r + 5},$1)");
                command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = id });
                command.Parameters.Add(new NpgsqlParameter<long>() { TypedValue = seq });
                command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = manifest });
                command.Parameters.Add(new NpgsqlParameter<byte[]>() { TypedValue = payload });
            }
            command.Parameters.Insert(0, new NpgsqlParameter<DateTimeOffset>() { TypedValue = now });
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return Rate(rows.Count, Stopwatch.GetTimestamp() - start);
    }

    /// <summary>(b) appends/s of <c>ids</c> concurrent writers, each awaiting one single-event append at a time.</summary>
    private async Task<(double Rate, double P50Us, double P99Us)> JournalAppendsAsync(PostgresEventJournal journal)
    {
        var latencies = new long[Rows];
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, ids).Select(async index =>
        {
            await Task.Yield();
            var id = IdOf(index);
            for (var seq = 0; seq < eventsPerId; seq++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await journal.AppendAsync(id, seq, [new BenchEventRecorded(id, seq + 1, Detail)]);
                latencies[index * eventsPerId + seq] = Stopwatch.GetTimestamp() - t0;
            }
        }));
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (journal.Stats.Events != Rows)
            throw new InvalidOperationException($"expected {Rows} events committed, the journal reports {journal.Stats.Events}");
        var us = Percentiles.TicksToMicroseconds(latencies);
        return (Rate(Rows, elapsed), Percentiles.Of(us, 0.5), Percentiles.Of(us, 0.99));
    }

    /// <summary>Raw baseline of (c): the journal's replay query per id on one connection, reading the columns without deserializing.</summary>
    private async Task<double> RawSelectAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        long count = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < ids; i++)
        {
            await using var command = new NpgsqlCommand("SELECT seq, manifest, payload, timestamp FROM journal_events WHERE persistence_id = $1 ORDER BY seq", connection);
            command.Parameters.Add(new NpgsqlParameter<string>() { TypedValue = IdOf(i) });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = (reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<DateTimeOffset>(3));
                count++;
            }
        }
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (count != Rows)
            throw new InvalidOperationException($"expected to read {Rows} rows, read {count}");
        return Rate(count, elapsed);
    }

    private async Task<double> JournalReplayAsync(PostgresEventJournal journal)
    {
        long count = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < ids; i++)
        {
            await foreach (var entry in journal.ReplayAsync(IdOf(i), 1, long.MaxValue, long.MaxValue))
            {
                if (entry.Event is BenchEventRecorded)
                    count++;
            }
        }
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (count != Rows)
            throw new InvalidOperationException($"expected to replay {Rows} events, replayed {count}");
        return Rate(count, elapsed);
    }
}
