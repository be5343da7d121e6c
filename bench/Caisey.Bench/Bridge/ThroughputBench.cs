using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Caisey.Bench.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>Caisey.Bench throughput</c>: sustained durable commands/s over many simulated agents on an in-process node.
/// Submitters keep up to <c>--inflight</c> commands in flight (submitted, not yet terminal), round robin over the agents;
/// a command counts once the node acked its agent's <c>command-finished</c> (acked only after CommandSucceeded is
/// durable). A second leg submits to enrolled agents that are not connected (only CommandQueued is written): the HTTP +
/// entity + journal cost of a submit alone. Baseline in the same run: a raw batched-insert loop (500 rows/commit, same
/// synchronous mode) → rows/s ÷ events per command (counted in the node's journal afterwards). A second baseline, with
/// one command per POST: the same exchange against <see cref="BareExchangeServer"/> (same HTTP request and frames per
/// command, nothing checked or stored) in a child process, driven the same way by the same load generator: what the
/// exchange alone costs, and how the CPU splits between the load generator (this process) and a server.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var agentCount = options.GetInt("agents", 1000);
        var seconds = options.GetInt("seconds", 20);
        var inflight = options.GetInt("inflight", 1000);
        var submitters = options.GetInt("submitters", 64);
        // Commands per POST: 1 submits each to its endpoint's route; more submits them through POST /api/v1/batches.
        var batch = options.GetInt("batch", 1);
        var sync = options.Get("sync") ?? "full";
        var settings = options.GetAll("set");
        var dir = Directory.CreateTempSubdirectory("caisey-bench-tp-").FullName;
        try
        {
            var result = await NodeLegAsync(Path.Combine(dir, "node"), sync, settings, agentCount, seconds, inflight, submitters, batch);
            BareResult? bare = null;
            if (batch == 1 && options.Get("bare") != "false")
            {
                System.Console.Error.WriteLine("bare exchange (nothing stored) ...");
                bare = await BareLegAsync(agentCount, seconds, inflight, submitters);
            }
            var rawRows = (int)Math.Clamp(result.Completed * result.EventsPerCommand, 100_000, 2_000_000);
            System.Console.Error.WriteLine($"raw batched insert of {rawRows} rows ...");
            var raw = SqliteBaselines.BatchedInsertRowsPerSecond(Path.Combine(dir, "raw.db"), sync, rawRows);
            var report = Format(agentCount, seconds, inflight, submitters, batch, sync, settings, result, raw, bare);
            await ResultsFile.WriteAsync("bridge-throughput", report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal sealed record Result(
        double CommandsPerSecond, long Completed, double EventsPerCommand, LatencyStats Submit, double QueueOnlyPerSecond,
        LatencyStats QueueOnlySubmit, double CpuPercent, int Unacked, string Writer, string QueueWriter);

    /// <param name="CpuPercent">The load generator's (this process's) CPU, % of all cores.</param>
    /// <param name="ServerCpuPercent">The bare server's (the child process's) CPU, % of all cores.</param>
    internal sealed record BareResult(double CommandsPerSecond, LatencyStats Submit, double CpuPercent, double ServerCpuPercent, string Details);

    /// <summary>The transport baseline: the same agents, submitters and in-flight bound against <see cref="BareExchangeServer"/>.</summary>
    private static async Task<BareResult> BareLegAsync(int agentCount, int seconds, int inflight, int submitters)
    {
        await using var server = await ServerProcess.StartAsync(["--kind", "exchange"]);
        using var client = NodeClient.WithToken(new Uri(server.Url), "bare");
        var slots = new SemaphoreSlim(inflight);
        var agents = Enumerable.Range(0, agentCount).Select(i => new SimAgent($"ep_bare{i:D6}", "bare")).ToArray();
        try
        {
            var completed = await ConnectCountingAsync(agents, client.BridgeUri, slots);
            var (latencies, rate, cpu, _, details, serverCpu) = await DriveAsync(null, client, agents.Select(a => a.EndpointId).ToArray(), submitters, 1,
                TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(seconds), slots, completed, () => server.CpuTime);
            var errors = agents.Count(a => a.Error is not null);
            if (errors > 0)
                throw new InvalidOperationException($"{errors} agents of the bare exchange reported an error, e.g. {agents.First(a => a.Error is not null).Error}");
            System.Console.Error.WriteLine($"  {rate:N0} commands/s");
            return new BareResult(rate, LatencyStats.Of(latencies), cpu, serverCpu, details);
        }
        finally
        {
            foreach (var agent in agents)
                await agent.DisposeAsync();
        }
    }

    /// <summary>
    /// Connects the agents (32 at a time), each releasing an in-flight slot and counting once the node acked a
    /// <c>command-finished</c>; returns the count so far.
    /// </summary>
    private static async Task<Func<long>> ConnectCountingAsync(SimAgent[] agents, Uri bridge, SemaphoreSlim slots)
    {
        var completed = new StrongBox<long>();
        foreach (var agent in agents)
        {
            agent.Finished = _ =>
            {
                Interlocked.Increment(ref completed.Value);
                slots.Release();
            };
        }
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (agent, ct) => await agent.ConnectAsync(bridge, null, ct));
        return () => Interlocked.Read(ref completed.Value);
    }

    private static async Task<Result> NodeLegAsync(string dataDir, string sync, IReadOnlyList<string> settings, int agentCount, int seconds, int inflight, int submitters, int batch)
    {
        var node = await InProcessNode.StartAsync(dataDir, [$"caisey.journal.sqlite.synchronous=\"{sync}\"", .. settings]);
        try
        {
            using var client = await NodeClient.LoginAsync(node.BaseAddress, InProcessNode.AdminPassword);
            var sw = Stopwatch.StartNew();
            var enrolled = await client.EnrollAsync(agentCount + 100);
            System.Console.Error.WriteLine($"enrolled {enrolled.Length} in {sw.Elapsed.TotalSeconds:0.0} s; connecting {agentCount} agents ...");
            var agents = enrolled.Take(agentCount).Select(e => new SimAgent(e.EndpointId, e.Credential)).ToArray();
            var offline = enrolled.Skip(agentCount).Select(e => e.EndpointId).ToArray();
            var slots = new SemaphoreSlim(inflight);
            var completed = await ConnectCountingAsync(agents, client.BridgeUri, slots);
            System.Console.Error.WriteLine($"connected in {sw.Elapsed.TotalSeconds:0.0} s; warm-up ≥ 5 s until the JIT settles, then {seconds} s ...");

            // Leg 1: the full round trip, sustained.
            var warmup = TimeSpan.FromSeconds(5);
            var journal = (Caisey.Node.Journal.SqliteEventJournal)node.Runtime.Journal;
            var (submitLatencies, rate, cpu, done, writer, _) = await DriveAsync(journal, client, agents.Select(a => a.EndpointId).ToArray(), submitters, batch, warmup,
                TimeSpan.FromSeconds(seconds), slots, completed);
            // Let what is in flight finish, so that the journal's events per command is exact.
            var drainUntil = Stopwatch.StartNew();
            while (slots.CurrentCount < inflight && drainUntil.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(50);
            System.Console.Error.WriteLine($"  {rate:N0} commands/s; queue-only leg (agents offline) 5 s ...");

            // Leg 2: submits to endpoints without a bridge: only CommandQueued is written.
            var (queueLatencies, queueRate, _, _, queueWriter, _) = await DriveAsync(journal, client, offline, submitters, Math.Min(batch, offline.Length), TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(5), null, null);
            var unacked = agents.Sum(a => a.Unacked);
            var errors = agents.Count(a => a.Error is not null);
            if (errors > 0)
                System.Console.Error.WriteLine($"  {errors} agents reported an error, e.g. {agents.First(a => a.Error is not null).Error}");
            foreach (var agent in agents)
                await agent.DisposeAsync();
            var totalCompleted = completed();
            await node.DisposeAsync();
            var events = CountCommandEvents(Path.Combine(dataDir, "journal.db"));
            var perCommand = (events.CommandEvents - events.QueuedOnly) / (double)Math.Max(1, events.Succeeded);
            if (events.Succeeded != totalCompleted)
                System.Console.Error.WriteLine($"  note: {events.Succeeded} succeeded in the journal, {totalCompleted} finish acks seen by agents");
            return new Result(rate, done, perCommand, LatencyStats.Of(submitLatencies), queueRate, LatencyStats.Of(queueLatencies), cpu, unacked, writer, queueWriter);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts the journal's command events: all of them, and those of commands that only ever got queued.</summary>
    private static (long CommandEvents, long QueuedOnly, long Succeeded) CountCommandEvents(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, COUNT(*) FROM journal_events GROUP BY manifest;";
        using var reader = command.ExecuteReader();
        long total = 0, queued = 0, finished = 0;
        var byManifest = new List<string>();
        while (reader.Read())
        {
            var manifest = reader.GetString(0);
            var n = reader.GetInt64(1);
            byManifest.Add($"{manifest}={n}");
            if (manifest.Contains("Enrolled", StringComparison.OrdinalIgnoreCase) || manifest.Contains("CheckedIn", StringComparison.OrdinalIgnoreCase))
                continue;
            total += n;
            if (manifest.Contains("Queued", StringComparison.OrdinalIgnoreCase))
                queued += n;
            if (manifest.Contains("Succeeded", StringComparison.OrdinalIgnoreCase))
                finished += n;
        }
        System.Console.Error.WriteLine($"  journal rows by manifest: {string.Join(", ", byManifest)}");
        return (total, queued - finished, finished);
    }

    /// <summary>
    /// Runs <paramref name="submitters"/> loops for warm-up + measured time; with <paramref name="slots"/> each submit first
    /// takes an in-flight slot (released when the command is terminal). Returns submit latencies (µs), the measured rate
    /// (completions/s when <paramref name="completedCount"/> is given, else 202s/s), process CPU % and the count.
    /// </summary>
    private static async Task<(double[] Latencies, double Rate, double CpuPercent, long Count, string Writer, double OtherCpuPercent)> DriveAsync(
        Caisey.Node.Journal.SqliteEventJournal? journal, NodeClient client, string[] endpoints, int submitters, int batch, TimeSpan warmup, TimeSpan measured, SemaphoreSlim? slots, Func<long>? completedCount,
        Func<TimeSpan>? otherCpu = null)
    {
        using var stop = new CancellationTokenSource();
        long next = 0, accepted = 0, measuring = 0;
        var latencies = new List<long>[submitters];
        var loops = Enumerable.Range(0, submitters).Select(s => Task.Run(async () =>
        {
            latencies[s] = [];
            while (!stop.IsCancellationRequested)
            {
                if (batch == 1)
                {
                    if (slots is not null && !await slots.WaitAsync(TimeSpan.FromSeconds(1)))
                        continue;
                }
                else if (!await TakeSlotsAsync(slots, batch, stop.Token))
                    break;
                var first = Interlocked.Add(ref next, batch) - batch;
                var t0 = Stopwatch.GetTimestamp();
                if (batch == 1)
                    await client.SubmitAsync(endpoints[(int)(first % endpoints.Length)]);
                else
                    await client.SubmitBatchAsync([.. Enumerable.Range(0, batch).Select(k => endpoints[(int)((first + k) % endpoints.Length)])]);
                if (Volatile.Read(ref measuring) == 1)
                {
                    latencies[s].Add(Stopwatch.GetTimestamp() - t0);
                    Interlocked.Add(ref accepted, batch);
                }
            }
        })).ToArray();
        // Warm up until the JIT has settled (a 1 s window compiles no method), at least `warmup`, at most 2 min.
        var settle = await JitWarmup.WaitAsync(warmup, TimeSpan.FromMinutes(2));
        var jit0 = JitWarmup.CompiledMethods;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var other0 = otherCpu?.Invoke() ?? TimeSpan.Zero;
        var done0 = completedCount?.Invoke() ?? 0;
        var stats0 = journal?.Stats;
        var steal = new HostSteal();
        var written = new DiskWrites();
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        // The thread pool's queue and threads, sampled every 100 ms: a long queue means CPU-bound hand-offs.
        long pendingSum = 0, threadSum = 0, samples = 0;
        var until = Stopwatch.GetTimestamp() + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(100);
            pendingSum += ThreadPool.PendingWorkItemCount;
            threadSum += ThreadPool.ThreadCount;
            samples++;
        }
        Volatile.Write(ref measuring, 0);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var count = completedCount is null ? Interlocked.Read(ref accepted) : completedCount() - done0;
        var disk = written.Bytes() is { } bytes
            ? $"{bytes / elapsed / (1024 * 1024):N0} MiB/s, {bytes / 1024.0 / Math.Max(1, count):N1} KiB per command"
            : "n/a";
        var journalStats = "";
        if (journal is not null && stats0 is { } s0)
        {
            var s1 = journal.Stats;
            var batches = s1.Batches - s0.Batches;
            journalStats = string.Create(CultureInfo.InvariantCulture,
                $"; journal writer: {batches / elapsed:N0} commits/s, {(double)(s1.Requests - s0.Requests) / Math.Max(1, batches):0.0} appends and {(double)(s1.Events - s0.Events) / Math.Max(1, batches):0.0} events per commit, {(s1.Events - s0.Events) / elapsed:N0} events/s, busy {100.0 * (s1.BusyTicks - s0.BusyTicks) / Stopwatch.Frequency / elapsed:0}% of the time");
        }
        var writer = string.Create(CultureInfo.InvariantCulture,
            $"written to disk by the process (/proc/self/io): {disk}{journalStats}; thread pool: {(double)pendingSum / Math.Max(1, samples):N0} queued work items and {(double)threadSum / Math.Max(1, samples):0} threads on average; warm-up {settle.Time.TotalSeconds:0} s (JIT {(settle.Settled ? "settled" : "NOT settled")}), {JitWarmup.CompiledMethods - jit0} methods JIT-compiled and host steal {steal.Describe()} in the measured window");
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / elapsed / Environment.ProcessorCount * 100;
        var other = ((otherCpu?.Invoke() ?? TimeSpan.Zero) - other0).TotalSeconds / elapsed / Environment.ProcessorCount * 100;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return (Percentiles.TicksToMicroseconds(latencies.SelectMany(l => l)), count / elapsed, cpu, count, writer, other);
    }

    /// <summary>Takes <paramref name="count"/> in-flight slots for one batch; false (none kept) when stopping first.</summary>
    private static async Task<bool> TakeSlotsAsync(SemaphoreSlim? slots, int count, CancellationToken stop)
    {
        if (slots is null)
            return true;
        var taken = 0;
        while (taken < count && !stop.IsCancellationRequested)
        {
            if (await slots.WaitAsync(TimeSpan.FromSeconds(1)))
                taken++;
        }
        if (taken == count)
            return true;
        if (taken > 0)
            slots.Release(taken);
        return false;
    }

    /// <summary>The process's CPU time per completed command over the measured window (CPU % of all cores ÷ rate).</summary>
    internal static double CpuPerCommandMicroseconds(Result r) => CpuPerCommandMicroseconds(r.CpuPercent, r.CommandsPerSecond);

    private static double CpuPerCommandMicroseconds(double cpuPercent, double rate) =>
        rate <= 0 ? 0 : cpuPercent / 100 * Environment.ProcessorCount / rate * 1_000_000;

    private static string Format(int agents, int seconds, int inflight, int submitters, int batch, string sync, IReadOnlyList<string> settings, Result r, double rawRows, BareResult? bare)
    {
        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string P(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var ceiling = rawRows / r.EventsPerCommand;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Sustained durable commands — {agents} simulated agents, {seconds} s after a warm-up of ≥ 5 s until the JIT settled, ≤ {inflight} in flight, {submitters} HTTP submitters, {(batch == 1 ? "one command per POST" : $"{batch} commands per POST /api/v1/batches (submit latency is per batch)")}, synchronous={sync}");
        sb.AppendLine();
        sb.AppendLine("| measure | figure | submit (POST → 202) p50 / p99 | baseline | ratio | goal |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) raw batched insert, 500 rows/commit | {N(rawRows)} rows/s | | | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) ÷ {P(r.EventsPerCommand)} events per command (counted in the journal) | {N(ceiling)} commands/s | | | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **durable commands/s** (submit → agent → CommandSucceeded durable) | **{N(r.CommandsPerSecond)}** commands/s | {r.Submit} | (a)/events {N(ceiling)}/s | **{P(100 * r.CommandsPerSecond / ceiling)}%** | ≥ 50% (BENCH.md); ≥ 20,000/s (issue) |");
        if (bare is not null)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) bare exchange: the same POST → 202 and bridge frames per command against a bare Kestrel server (own process), nothing checked or stored | {N(bare.CommandsPerSecond)} commands/s | {bare.Submit} | | | |");
        if (bare is not null)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| durable commands/s ÷ (b) | | | (b) {N(bare.CommandsPerSecond)}/s | **{P(100 * r.CommandsPerSecond / bare.CommandsPerSecond)}%** | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| queue-only: submits to offline endpoints (HTTP + entity + CommandQueued durable) | {N(r.QueueOnlyPerSecond)} commands/s | {r.QueueOnlySubmit} | (a) {N(rawRows)} rows/s | {P(100 * r.QueueOnlyPerSecond / rawRows)}% | |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Goals: ≥ 50% of the raw ceiling — {(r.CommandsPerSecond >= ceiling / 2 ? "met" : "missed")}; ≥ 20,000 commands/s — {(r.CommandsPerSecond >= 20_000 ? "met" : "missed")} ({N(r.CommandsPerSecond)}/s).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Process CPU during the measured window (node + load generator share the process and both cores): {P(r.CpuPercent)}% of {Environment.ProcessorCount} cores ({NodeGcMode.Describe()}), **{N(CpuPerCommandMicroseconds(r))} µs of CPU per durable command** (steadier than the rate when the host steals time: compare it across runs). Unacked agent requests at the end: {r.Unacked}.");
        if (bare is not null)
        {
            var generator = CpuPerCommandMicroseconds(bare.CpuPercent, bare.CommandsPerSecond);
            var server = CpuPerCommandMicroseconds(bare.ServerCpuPercent, bare.CommandsPerSecond);
            var node = CpuPerCommandMicroseconds(r) - generator;
            sb.AppendLine(CultureInfo.InvariantCulture, $"Bare exchange (b): the load generator (this process) {P(bare.CpuPercent)}% and the bare server (its own process) {P(bare.ServerCpuPercent)}% of {Environment.ProcessorCount} cores: **{N(generator)} µs of CPU per command in the load generator, {N(server)} µs in the bare server**. Taking the load generator's share as the same in the durable leg, the node's own work is **~{N(node)} µs of CPU per durable command, {P(node / Math.Max(1, server))}× the bare server's**. At 20,000 commands/s, two cores give 100 µs per command in all; with the load generator elsewhere, a node on two cores of its own at ~{N(node)} µs would make ≤ ~{N(Environment.ProcessorCount * 1e6 / Math.Max(1, node))} commands/s and the bare server ≤ ~{N(Environment.ProcessorCount * 1e6 / Math.Max(1, server))}/s.");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"Full leg {r.Writer}. Queue-only leg {r.QueueWriter}.{(bare is null ? "" : $" Bare exchange {bare.Details}.")}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- throughput --agents {agents} --seconds {seconds} --inflight {inflight} --submitters {submitters}{(batch == 1 ? "" : $" --batch {batch}")} --sync {sync}{string.Concat(settings.Select(x => $" --set {x}"))}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }
}
