using System.Diagnostics;
using Caisey.Node.Journal;

namespace Caisey.Bench.Journal;

/// <summary>The journal side: concurrent group-committed appends and replay through the public API.</summary>
internal sealed partial class JournalBench
{
    /// <summary>(b) appends/s of <c>ids</c> concurrent writers, each awaiting one single-event append at a time.</summary>
    private async Task<(double Rate, double[] LatenciesUs, double RequestsPerBatch)> JournalAppendsAsync(string file)
    {
        await using var journal = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = file, Synchronous = synchronous }, _serializer);
        var latencies = new long[Rows];
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, ids).Select(i => AppendLoopAsync(journal, i, latencies)));
        var elapsed = Stopwatch.GetTimestamp() - start;
        if (journal.Stats.Events != Rows)
            throw new InvalidOperationException($"expected {Rows} events committed, the journal reports {journal.Stats.Events}");
        return (Rate(Rows, elapsed), Percentiles.TicksToMicroseconds(latencies), journal.Stats.RequestsPerBatch);
    }

    private async Task AppendLoopAsync(IEventJournal journal, int index, long[] latencies)
    {
        await Task.Yield();
        var id = IdOf(index);
        for (var seq = 0; seq < eventsPerId; seq++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await journal.AppendAsync(id, seq, [new BenchEventRecorded(id, seq + 1, Detail)]);
            latencies[index * eventsPerId + seq] = Stopwatch.GetTimestamp() - t0;
        }
    }

    /// <summary>(d) events/s replaying every id, one after the other, deserializing each event.</summary>
    private async Task<double> JournalReplayAsync(string file)
    {
        await using var journal = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = file, Synchronous = synchronous }, _serializer);
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
