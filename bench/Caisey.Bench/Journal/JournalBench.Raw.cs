using System.Diagnostics;
using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Bench.Journal;

/// <summary>The raw Microsoft.Data.Sqlite baselines: same schema, same rows, same pragmas as the journal.</summary>
internal sealed partial class JournalBench
{
    private const string Detail = "command queued: Get-Process | Sort-Object CPU -Descending | Select-Object -First 10; by tech@example.com for acme-corp";

    private static string IdOf(int i) => "endpoint-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows the journal writes, in the order its concurrent appends arrive: round robin over ids.</summary>
    private (string Id, long Seq, string Manifest, byte[] Payload)[] PrepareRows()
    {
        var rows = new (string, long, string, byte[])[Rows];
        var n = 0;
        for (var seq = 1; seq <= eventsPerId; seq++)
        {
            for (var i = 0; i < ids; i++)
            {
                var (manifest, payload) = _serializer.Serialize(new BenchEventRecorded(IdOf(i), seq, Detail));
                rows[n++] = (IdOf(i), seq, manifest, payload);
            }
        }

        return rows;
    }


    private static void Bind(SqliteCommand insert, (string Id, long Seq, string Manifest, byte[] Payload) row, long timestamp)
    {
        insert.Parameters[0].Value = row.Id;
        insert.Parameters[1].Value = row.Seq;
        insert.Parameters[2].Value = row.Manifest;
        insert.Parameters[3].Value = row.Payload;
        insert.Parameters[4].Value = timestamp;
    }

    /// <summary>(a) rows/s of a prepared insert loop committing every <see cref="RawBatchRows"/> rows.</summary>
    private double RawBatchedInsert(string file, (string Id, long Seq, string Manifest, byte[] Payload)[] rows)
    {
        using var connection = RawJournalSqlite.Open(file, ((int)synchronous).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var insert = RawJournalSqlite.PrepareInsert(connection);
        var start = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows.Length; offset += RawBatchRows)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = offset; i < Math.Min(offset + RawBatchRows, rows.Length); i++)
            {
                Bind(insert, rows[i], timestamp);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Rate(rows.Length, Stopwatch.GetTimestamp() - start);
    }

    /// <summary>(c) rows/s and per-commit latencies (µs) of one insert per transaction, for up to 2,000 rows or 3 s.</summary>
    private (double Rate, double[] LatenciesUs) RawCommitPerRow(string file, (string Id, long Seq, string Manifest, byte[] Payload)[] rows)
    {
        using var connection = RawJournalSqlite.Open(file, ((int)synchronous).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var insert = RawJournalSqlite.PrepareInsert(connection);
        var latencies = new List<long>();
        var start = Stopwatch.GetTimestamp();
        var limit = Stopwatch.Frequency * 3;
        for (var i = 0; i < Math.Min(2_000, rows.Length) && Stopwatch.GetTimestamp() - start < limit; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            Bind(insert, rows[i], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            latencies.Add(Stopwatch.GetTimestamp() - t0);
        }

        return (Rate(latencies.Count, Stopwatch.GetTimestamp() - start), Percentiles.TicksToMicroseconds(latencies));
    }

    /// <summary>
    /// (d) baseline: rows/s of one sequential SELECT of every column of every event row, in table order (the cheapest
    /// read of the same rows; until session 11 it read them in (id, seq) order through the index that migration 4 removed).
    /// </summary>
    private static double RawSequentialSelect(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT persistence_id, seq, manifest, payload, timestamp FROM journal_events ORDER BY ordering;";
        var start = Stopwatch.GetTimestamp();
        long count = 0, check = 0;
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                check += reader.GetString(0).Length + reader.GetInt64(1) + reader.GetString(2).Length + reader.GetFieldValue<byte[]>(3).Length + reader.GetInt64(4);
                count++;
            }
        }

        var rate = Rate(count, Stopwatch.GetTimestamp() - start);
        return check == 0 ? 0 : rate;
    }
}
