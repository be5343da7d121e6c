using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caisey.Bench.Journal;
using Caisey.Node.Endpoints;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>Caisey.Bench rtt</c>: the durable command round trip. One simulated agent on an in-process node; commands submitted
/// one at a time over a keep-alive HttpClient; each timed from just before the POST to the moment the technician's
/// <c>GET /api/v1/events</c> stream shows it <c>succeeded</c>. Baselines in the same run: a bare Kestrel WebSocket echo
/// round trip and a raw SQLite one-row commit (synchronous=FULL), on the same disk; and (unless <c>--bare false</c>) the
/// same round trip against <see cref="BareExchangeServer"/>, which trades the same messages and stores nothing.
/// </summary>
internal static class RttBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("commands", 2000);
        var warmup = options.GetInt("warmup", 1000);
        var sync = options.Get("sync") ?? "full";
        var dir = Directory.CreateTempSubdirectory("caisey-bench-rtt-").FullName;
        try
        {
            System.Console.Error.WriteLine("echo baseline ...");
            var echo = LatencyStats.Of(await EchoBaseline.RoundTripsAsync(500, 2000));
            System.Console.Error.WriteLine($"  echo {echo}; one-row commit baseline ...");
            var commit = LatencyStats.Of(SqliteBaselines.OneRowCommits(Path.Combine(dir, "raw-commit.db"), sync, 2000));
            System.Console.Error.WriteLine($"  commit {commit}; node ...");
            var settings = options.GetAll("set");
            var (rtt, submit, phases, cpu) = await NodeRoundTripsAsync(Path.Combine(dir, "node"), sync, settings, warmup, count,
                options.GetInt("alloc-types", 0));
            System.Console.Error.WriteLine($"  node {rtt}");
            // Second pass of the baselines, so that a noisy neighbour during one pass shows.
            var echo2 = LatencyStats.Of(await EchoBaseline.RoundTripsAsync(200, 2000));
            var commit2 = LatencyStats.Of(SqliteBaselines.OneRowCommits(Path.Combine(dir, "raw-commit-2.db"), sync, 2000));
            LatencyStats? bare = null;
            if (options.Get("bare") != "false")
            {
                System.Console.Error.WriteLine("bare exchange (nothing stored) ...");
                bare = await BareRoundTripsAsync(warmup, count);
                System.Console.Error.WriteLine($"  bare {bare}");
            }
            var report = Format(count, warmup, sync, settings, echo, commit, echo2, commit2, rtt, submit, phases, cpu, bare);
            await ResultsFile.WriteAsync("bridge-rtt", report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Process CPU time per measured command, the cores it kept busy, and the warm-up before it.</summary>
    private readonly record struct CpuUse(double PerCommandUs, double Cores, int WarmupCommands, bool JitSettled, long JitDuringRun, string HostSteal,
        double AllocatedPerCommand, double GcPausePerCommandUs, int Collections, double CommitsPerCommand, double AppendsPerCommand, double HeldPerCommand);

    private static async Task<(LatencyStats Rtt, LatencyStats Submit, (string Name, LatencyStats Stats)[] Phases, CpuUse Cpu)> NodeRoundTripsAsync(
        string dataDir, string sync, IReadOnlyList<string> settings, int warmup, int count, int allocTypes)
    {
        await using var node = await InProcessNode.StartAsync(dataDir, [$"caisey.journal.sqlite.synchronous=\"{sync}\"", .. settings]);
        using var client = await NodeClient.LoginAsync(node.BaseAddress, InProcessNode.AdminPassword);
        var (endpointId, credential) = (await client.EnrollAsync(1))[0];
        await using var agent = new SimAgent(endpointId, credential);
        await agent.ConnectAsync(client.BridgeUri, null, CancellationToken.None);
        await using var watcher = await CommandWatcher.StartAsync(client);
        var rtts = new List<long>(count);
        var submits = new List<long>(count);
        var views = new List<CommandView>(count);
        var points = new List<(DateTimeOffset Posted, DateTimeOffset RunReceived, DateTimeOffset Seen)>(count);
        agent.RunReceivedAt = new();

        async Task OneAsync(bool measure)
        {
            var wallPosted = DateTimeOffset.UtcNow;
            var (id, t0, accepted, at, wallSeen) = await RoundTripAsync(client, watcher, endpointId);
            if (!measure)
                return;
            rtts.Add(at - t0);
            submits.Add(accepted - t0);
            // Read now, outside the timed window: the entity keeps only its newest finished commands.
            views.Add((CommandView)(await node.Runtime.Endpoints.AskAsync(endpointId, new GetCommand(id)))!);
            points.Add((wallPosted, agent.RunReceivedAt![id], wallSeen));
        }

        // Warm up until the JIT has settled (JitWarmup), at least `warmup` commands.
        var warm = await JitWarmup.RunAsync(() => OneAsync(false), warmup, 250, TimeSpan.FromSeconds(180));
        System.Console.Error.WriteLine($"  warm-up: {warm.Steps} commands in {warm.Time.TotalSeconds:0} s, JIT {(warm.Settled ? "settled" : "still compiling")}");
        var jit0 = JitWarmup.CompiledMethods;
        var (cpuStart, wallStart, steal) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp(), new HostSteal());
        var (alloc0, pause0, gcs0) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0));
        var journal = (Caisey.Node.Journal.SqliteEventJournal)node.Runtime.Journal;
        var writes0 = journal.Stats;
        var held0 = journal.HeldBatches;
        using var allocations = allocTypes > 0 ? new AllocProbe() : null;
        allocations?.Start();
        for (var i = 0; i < count; i++)
            await OneAsync(true);
        allocations?.Stop();
        allocations?.Print(allocTypes);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        var writes1 = journal.Stats;
        var cpu = new CpuUse(cpuUsed.TotalMicroseconds / count, cpuUsed / Stopwatch.GetElapsedTime(wallStart),
            warm.Steps, warm.Settled, JitWarmup.CompiledMethods - jit0, steal.Describe(),
            (GC.GetTotalAllocatedBytes() - alloc0) / (double)count, (GC.GetTotalPauseDuration() - pause0).TotalMicroseconds / count,
            GC.CollectionCount(0) - gcs0, (writes1.Batches - writes0.Batches) / (double)count, (writes1.Appends - writes0.Appends) / (double)count,
            (journal.HeldBatches - held0) / (double)count);
        // The last command-finished ack may still be on its way when the event stream already said succeeded.
        for (var wait = 0; wait < 50 && agent.Unacked != 0; wait++)
            await Task.Delay(100);
        if (agent.Error is not null || agent.Unacked != 0)
            throw new InvalidOperationException($"the agent saw a problem: {agent.Error}; unacked requests: {agent.Unacked}");
        var phases = Phases(views, points);
        return (LatencyStats.Of(Percentiles.TicksToMicroseconds(rtts)), LatencyStats.Of(Percentiles.TicksToMicroseconds(submits)), phases, cpu);
    }

    /// <summary>
    /// Baseline (c): the same round trip — POST → 202, run-command, the agent's ack, started and finished, the
    /// <c>command.changed</c> events — against <see cref="BareExchangeServer"/> in this process, where nothing is checked
    /// or stored. What the exchange this API defines costs on these cores before any durable write.
    /// </summary>
    private static async Task<LatencyStats> BareRoundTripsAsync(int warmup, int count)
    {
        await using var server = await BareExchangeServer.StartAsync();
        using var client = NodeClient.WithToken(server.BaseAddress, "bare");
        const string endpointId = "ep_bare";
        await using var agent = new SimAgent(endpointId, "bare");
        await agent.ConnectAsync(client.BridgeUri, null, CancellationToken.None);
        await using var watcher = await CommandWatcher.StartAsync(client);
        var rtts = new List<long>(count);
        async Task OneAsync(bool measure)
        {
            var (_, t0, _, at, _) = await RoundTripAsync(client, watcher, endpointId);
            if (measure)
                rtts.Add(at - t0);
        }
        await JitWarmup.RunAsync(() => OneAsync(false), warmup, 250, TimeSpan.FromSeconds(60));
        for (var i = 0; i < count; i++)
            await OneAsync(true);
        if (agent.Error is not null)
            throw new InvalidOperationException($"the agent of the bare exchange saw a problem: {agent.Error}");
        return LatencyStats.Of(Percentiles.TicksToMicroseconds(rtts));
    }

    /// <summary>One command, submitted and followed to <c>succeeded</c> on the event stream: its id, the stopwatch
    /// timestamps before the POST, at the 202 and when the stream showed it terminal, and that moment's wall-clock time.</summary>
    private static async Task<(string Id, long Posted, long Accepted, long Seen, DateTimeOffset WallSeen)> RoundTripAsync(
        NodeClient client, CommandWatcher watcher, string endpointId)
    {
        var posted = Stopwatch.GetTimestamp();
        var id = await client.SubmitAsync(endpointId);
        var accepted = Stopwatch.GetTimestamp();
        var (seen, wallSeen, status) = await watcher.WhenTerminal(id).WaitAsync(TimeSpan.FromSeconds(30));
        watcher.Forget(id);
        if (status != "succeeded")
            throw new InvalidOperationException($"command {id} ended {status}");
        return (id, posted, accepted, seen, wallSeen);
    }

    /// <summary>
    /// The path of every measured command, wall-clock points in this one process: the POST, the node's timeline (read
    /// from the entity at full clock precision; the API rounds to ms), the simulated agent's receipt of run-command, and
    /// the event on the technician's stream. Decided points are when the entity decided a step, before its commit.
    /// </summary>
    private static (string, LatencyStats)[] Phases(List<CommandView> views, List<(DateTimeOffset Posted, DateTimeOffset RunReceived, DateTimeOffset Seen)> points)
    {
        string[] names =
        [
            "POST sent → queued decided (HTTP, auth, handler, entity mailbox)",
            "queued decided → agent has run-command (queued + dispatched committed, frame sent)",
            "agent has run-command → acknowledged decided (ack frame in)",
            "acknowledged decided → running decided",
            "running decided → succeeded decided",
            "succeeded decided → event on the stream (commit, effects, SSE)",
        ];
        var phases = names.Select(_ => new List<double>(views.Count)).ToArray();
        for (var i = 0; i < views.Count; i++)
        {
            var view = views[i];
            DateTimeOffset At(CommandStatus status) => view.Timeline.First(e => e.Status == status).At;
            var (posted, received, seen) = points[i];
            DateTimeOffset[] path = [posted, view.SubmittedAt, received, At(CommandStatus.Acknowledged), At(CommandStatus.Running), At(CommandStatus.Succeeded), seen];
            for (var p = 0; p < phases.Length; p++)
                phases[p].Add((path[p + 1] - path[p]).TotalMicroseconds);
        }
        return names.Select((n, p) => (n, LatencyStats.Of(phases[p].ToArray()))).ToArray();
    }

    private static string Format(int count, int warmup, string sync, IReadOnlyList<string> settings, LatencyStats echo, LatencyStats commit, LatencyStats echo2, LatencyStats commit2,
        LatencyStats rtt, LatencyStats submit, (string Name, LatencyStats Stats)[] phases, CpuUse cpu, LatencyStats? bare)
    {
        string U(double v) => LatencyStats.Us(v);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var echoP50 = Math.Min(echo.P50Us, echo2.P50Us);
        var commitP50 = Math.Min(commit.P50Us, commit2.P50Us);
        var issueGoal = echoP50 + 1.5 * commitP50;
        var floor = 2 * echoP50 + 2 * commitP50;
        var benchGoal = 1.5 * floor;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Durable command round trip — 1 simulated agent, {count} commands one at a time (after {cpu.WarmupCommands} warm-up commands, JIT {(cpu.JitSettled ? "settled" : "NOT settled")}), synchronous={sync}");
        sb.AppendLine();
        sb.AppendLine("| measure | p50 | p99 |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) bare Kestrel WebSocket echo, 40-byte frame, 1 client (before / after) | {U(echo.P50Us)} / {U(echo2.P50Us)} | {U(echo.P99Us)} / {U(echo2.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) raw SQLite WAL one row per commit, synchronous={sync} (before / after) | {U(commit.P50Us)} / {U(commit2.P50Us)} | {U(commit.P99Us)} / {U(commit2.P99Us)} |");
        if (bare is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (c) bare exchange: the same POST → 202, bridge frames and `command.changed` events against a bare Kestrel server in this process, nothing checked or stored | {U(bare.P50Us)} | {U(bare.P99Us)} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (d) this API's floor: (c) + 2 × (b), the exchange and the two durable writes BENCH.md counts | {U(bare.P50Us + 2 * commitP50)} | |");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **durable round trip**: POST → `command.changed succeeded` on /api/v1/events | **{U(rtt.P50Us)}** | **{U(rtt.P99Us)}** |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| of which POST → 202 (CommandQueued durable) | {U(submit.P50Us)} | {U(submit.P99Us)} |");
        foreach (var (name, stats) in phases)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase: {name} | {U(stats.P50Us)} | {U(stats.P99Us)} |");
        sb.AppendLine();
        sb.AppendLine("| goal | target | measured p50 | ratio | met |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| issue: p50 ≤ echo p50 + 1.5 × fdatasync p50 | {U(issueGoal)} | {U(rtt.P50Us)} | {R(rtt.P50Us / issueGoal)}× | {(rtt.P50Us <= issueGoal ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| BENCH.md: p50 ≤ 1.5 × (2 × echo p50 + 2 × one-commit p50) = 1.5 × {U(floor)} | {U(benchGoal)} | {U(rtt.P50Us)} | {R(rtt.P50Us / benchGoal)}× | {(rtt.P50Us <= benchGoal ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ one-commit p50 | | | {R(rtt.P50Us / commitP50)} commits | |");
        if (bare is not null)
        {
            var apiFloor = bare.P50Us + 2 * commitP50;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ (d) | | | {R(rtt.P50Us / apiFloor)}× | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) BENCH.md's target ÷ (d): below 1, the target is under the bare exchange plus two commits | | | {R(benchGoal / apiFloor)}× | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) the node's own latency: round trip − (c) − 2 × (b) | | {U(rtt.P50Us - apiFloor)} | | |");
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Process CPU per measured command: {U(cpu.PerCommandUs)} ({R(cpu.Cores)} cores busy on average; node, HttpClient, event-stream reader and simulated agent share the process). Allocated per command: {cpu.AllocatedPerCommand / 1024:N0} KiB; GC pauses {U(cpu.GcPausePerCommandUs)} per command ({cpu.Collections} gen0 collections; {NodeGcMode.Describe()}). Journal commits per command: {R(cpu.CommitsPerCommand)} ({R(cpu.AppendsPerCommand)} appends; {R(cpu.HeldPerCommand)} held for a deferred ack, `caisey.journal.sqlite.linger`). Host steal during the measured run: {cpu.HostSteal} of the VM's CPU time. Methods JIT-compiled during the measured run: {cpu.JitDuringRun} (warm-up runs until a round of 250 commands compiles none, at least {warmup} commands; `JitWarmup`).");
        sb.AppendLine();
        sb.AppendLine("Baseline p50s in the goals are the lower of the two passes (before and after the node run). Phase p50s need not add up to the round trip's p50 (each is its own distribution). " +
            "The node runs in process (NodeHost.Build, Kestrel on 127.0.0.1:0, temp data dir on the same disk as (b), local agent off); the agent is `SimAgent` (ClientWebSocket + FrameCodec).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- rtt --commands {count} --warmup {warmup} --sync {sync}{string.Concat(settings.Select(x => $" --set {x}"))}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }
}
