using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caisey.Node.Journal;

namespace Caisey.Bench.Journal;

/// <summary>
/// `Caisey.Bench journal`: the SQLite journal against raw Microsoft.Data.Sqlite loops writing and reading the
/// same rows (same schema, payloads and synchronous mode), all in one run; medians over repetitions.
/// </summary>
internal sealed partial class JournalBench(int ids, int eventsPerId, int reps, SqliteSynchronousMode synchronous, string directory)
{
    private const int RawBatchRows = 500;
    private readonly IEventSerializer _serializer = BenchSerializer.Create();

    private int Rows => ids * eventsPerId;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var sync = Enum.Parse<SqliteSynchronousMode>(options.Get("sync") ?? "full", ignoreCase: true);
        var directory = Path.Combine(Path.GetTempPath(), "caisey-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var bench = new JournalBench(options.GetInt("ids", 1000), options.GetInt("events", 100), options.GetInt("reps", 3), sync, directory);
            var report = await bench.RunAllAsync();
            System.Console.WriteLine(report);
            var results = Path.Combine(FindRepositoryRoot(), "bench", "results");
            Directory.CreateDirectory(results);
            await System.IO.File.WriteAllTextAsync(Path.Combine(results, "journal.md"), report);
            System.Console.WriteLine($"written to {Path.Combine(results, "journal.md")}");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<string> RunAllAsync()
    {
        System.Console.Error.WriteLine($"warming up; then {reps} repetitions of {ids} ids x {eventsPerId} events, synchronous={synchronous}");
        await new JournalBench(50, 20, 1, synchronous, directory).RunOnceAsync(keepFile: false);
        var runs = new List<BenchRun>();
        for (var rep = 0; rep < reps; rep++)
        {
            runs.Add(await RunOnceAsync(keepFile: false));
            System.Console.Error.WriteLine($"  rep {rep + 1}: {runs[^1]}");
        }

        return Format(runs);
    }

    private async Task<BenchRun> RunOnceAsync(bool keepFile)
    {
        var rows = PrepareRows();
        var raw = RawBatchedInsert(DbFile("raw"), rows);
        var (journalRate, latencies, perBatch) = await JournalAppendsAsync(DbFile("journal"));
        var (perRowRate, commitLatencies) = RawCommitPerRow(DbFile("per-row"), rows);
        var rawRead = RawSequentialSelect(DbFile("journal"));
        var replay = await JournalReplayAsync(DbFile("journal"));
        if (!keepFile)
        {
            foreach (var file in Directory.GetFiles(directory))
                System.IO.File.Delete(file);
        }

        return new BenchRun(raw, journalRate, Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99), perBatch,
            perRowRate, Percentiles.Of(commitLatencies, 0.5), Percentiles.Of(commitLatencies, 0.99), rawRead, replay);
    }

    private string DbFile(string name) => Path.Combine(directory, name + ".db");

    private static double Rate(long count, long elapsedTicks) => count * (double)Stopwatch.Frequency / elapsedTicks;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Caisey.sln")))
                return dir.FullName;
        }

        return Environment.CurrentDirectory;
    }

    private string Format(List<BenchRun> runs)
    {
        double Med(Func<BenchRun, double> f) => Percentiles.Median(runs.Select(f));
        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string P(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var raw = Med(r => r.RawRowsPerSecond);
        var journal = Med(r => r.JournalAppendsPerSecond);
        var perRow = Med(r => r.PerRowCommitsPerSecond);
        var rawRead = Med(r => r.RawSelectRowsPerSecond);
        var replay = Med(r => r.ReplayEventsPerSecond);
        // Ratios pair the figures of one repetition (measured seconds apart), then take the median.
        var appendRatio = Med(r => r.JournalAppendsPerSecond / r.RawRowsPerSecond);
        var groupRatio = Med(r => r.JournalAppendsPerSecond / r.PerRowCommitsPerSecond);
        var replayRatio = Med(r => r.ReplayEventsPerSecond / r.RawSelectRowsPerSecond);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## SQLite journal — {ids} ids × {eventsPerId} events, synchronous={synchronous}, median of {runs.Count} runs");
        sb.AppendLine();
        sb.AppendLine("| measure | figure | latency p50 / p99 | baseline | ratio | goal |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) raw batched insert, {RawBatchRows} rows/commit | {N(raw)} rows/s | | — | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) journal appends, {ids} concurrent ids, 1 event each (≈{P(Med(r => r.RequestsPerBatch))} appends/batch) | {N(journal)} appends/s | {N(Med(r => r.AppendP50Us))} / {N(Med(r => r.AppendP99Us))} µs | (a) {N(raw)} rows/s | {P(100 * appendRatio)}% | ≥ 50% |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (c) raw one commit per row | {N(perRow)} rows/s | {N(Med(r => r.CommitP50Us))} / {N(Med(r => r.CommitP99Us))} µs | | (b)/(c) {P(groupRatio)}× | ≥ 20× |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (d) journal replay, all ids one by one | {N(replay)} events/s | | raw sequential SELECT {N(rawRead)} rows/s | {P(100 * replayRatio)}% | ≥ 50% and ≥ 150,000/s |");
        sb.AppendLine();
        sb.AppendLine("Figures are medians over repetitions; each ratio is the median of per-repetition ratios (figures measured seconds apart).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Per repetition: {string.Join("; ", runs)}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- journal --ids {ids} --events {eventsPerId} --reps {reps} --sync {synchronous.ToString().ToLowerInvariant()}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }
}
