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
/// round trip and a raw SQLite one-row commit (synchronous=FULL), on the same disk.
/// </summary>
internal static class RttBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("commands", 2000);
        var warmup = options.GetInt("warmup", 300);
        var sync = options.Get("sync") ?? "full";
        var dir = Directory.CreateTempSubdirectory("caisey-bench-rtt-").FullName;
        if (Environment.GetEnvironmentVariable("PROBE") == "5") { await Probe5(dir); await Probe5(dir); return 0; }
        try
        {
            System.Console.Error.WriteLine("echo baseline ...");
            var echo = LatencyStats.Of(await EchoBaseline.RoundTripsAsync(500, 2000));
            System.Console.Error.WriteLine($"  echo {echo}; one-row commit baseline ...");
            var commit = LatencyStats.Of(SqliteBaselines.OneRowCommits(Path.Combine(dir, "raw-commit.db"), sync, 2000));
            System.Console.Error.WriteLine($"  commit {commit}; node ...");
            var (rtt, submit, phases) = await NodeRoundTripsAsync(Path.Combine(dir, "node"), sync, warmup, count);
            System.Console.Error.WriteLine($"  node {rtt}");
            // Second pass of the baselines, so that a noisy neighbour during one pass shows.
            var echo2 = LatencyStats.Of(await EchoBaseline.RoundTripsAsync(200, 2000));
            var commit2 = LatencyStats.Of(SqliteBaselines.OneRowCommits(Path.Combine(dir, "raw-commit-2.db"), sync, 2000));
            var report = Format(count, warmup, sync, echo, commit, echo2, commit2, rtt, submit, phases);
            await ResultsFile.WriteAsync("bridge-rtt", report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task Probe5(string dir)
    {
        await using var journal = Caisey.Node.Journal.SqliteEventJournal.Open(new Caisey.Node.Journal.SqliteJournalOptions { FilePath = Path.Combine(dir, "p5.db") },
            EndpointManifests.CreateSerializer(), TimeProvider.System);
        var lat = new List<double>();
        var seq = 0L;
        for (var i = 0; i < 3000; i++)
        {
            var t = Stopwatch.GetTimestamp();
            seq = await journal.AppendAsync("ep-1", seq, [new Caisey.Node.Endpoints.CommandStarted($"c{i}", DateTimeOffset.UtcNow)]);
            lat.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        lat = lat.Skip(500).Order().ToList();
        var raw = LatencyStats.Of(SqliteBaselines.OneRowCommits(Path.Combine(dir, "p5raw.db"), "full", 2000));
        System.Console.Error.WriteLine($"PROBE5 journal append p50 {lat[lat.Count / 2]:0} us p90 {lat[lat.Count * 9 / 10]:0}; raw one-row commit {raw}");
    }

    private static async Task<(LatencyStats Rtt, LatencyStats Submit, (string Name, LatencyStats Stats)[] Phases)> NodeRoundTripsAsync(
        string dataDir, string sync, int warmup, int count)
    {
        await using var node = await InProcessNode.StartAsync(dataDir, $"caisey.journal.sqlite.synchronous=\"{sync}\"");
        using var client = await NodeClient.LoginAsync(node.BaseAddress, InProcessNode.AdminPassword);
        var (endpointId, credential) = (await client.EnrollAsync(1))[0];
        await using var agent = new SimAgent(endpointId, credential);
        await agent.ConnectAsync(client.BridgeUri, null, CancellationToken.None);
        await using var watcher = await CommandWatcher.StartAsync(client);
        if (Environment.GetEnvironmentVariable("PROBE") == "4")
        {
            var b = new EndpointBehavior();
            var now = DateTimeOffset.UtcNow;
            var st = b.Initial("ep");
            Caisey.Node.Runtime.Decision Step(IEndpointMessage m) { var d = b.Decide(st, m, now); st = d.Events.Aggregate(st, b.Apply); return d; }
            Step(new Enroll("default", "h", "linux", "1"));
            for (var i = 0; i < 150; i++) { Step(new QueueCommand($"c{i}", "true", "a")); Step(new MarkDispatched($"c{i}", "wss")); Step(new CompleteCommand($"c{i}", 0, 0)); }
            var baseState = st;
            foreach (var (name, make) in new (string, Func<int, IEndpointMessage>)[] {
                ("queue", i => new QueueCommand($"x{i}", "true", "a")), ("get-endpoint", i => new GetEndpoint()), ("get-dispatch", i => new GetDispatch("c149")) })
            {
                var t = Stopwatch.GetTimestamp();
                for (var i = 0; i < 2000; i++) { st = baseState; b.Decide(st, make(i), now); }
                var decide = Stopwatch.GetElapsedTime(t).TotalMicroseconds / 2000;
                t = Stopwatch.GetTimestamp();
                for (var i = 0; i < 2000; i++) { st = baseState; var d = b.Decide(st, make(i), now); foreach (var e in d.Events) st = b.Apply(st, e); b.NextDueAt(st); }
                var all = Stopwatch.GetElapsedTime(t).TotalMicroseconds / 2000;
                System.Console.Error.WriteLine($"PROBE4 {name}: decide {decide:0.0} us; decide+apply+due {all:0.0} us");
            }
            var view = baseState.View("c149");
            var tv = Stopwatch.GetTimestamp();
            for (var i = 0; i < 2000; i++) baseState.View("c149");
            System.Console.Error.WriteLine($"PROBE4 View {Stopwatch.GetElapsedTime(tv).TotalMicroseconds / 2000:0.0} us; ToView {Time(() => baseState.ToView()):0.0} us; complete-apply {Time(() => b.Apply(baseState, new Caisey.Node.Endpoints.CommandSucceeded("c149", 0, 0, now))):0.0} us");
            static double Time(Action a) { var t = Stopwatch.GetTimestamp(); for (var i = 0; i < 2000; i++) a(); return Stopwatch.GetElapsedTime(t).TotalMicroseconds / 2000; }
            Environment.Exit(0);
        }
        if (Environment.GetEnvironmentVariable("PROBE") == "3")
        {
            await agent.DisposeAsync();
            await Task.Delay(500);
            for (var round = 0; round < 3; round++)
            {
                var direct = new List<double>();
                for (var i = 0; i < 60; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    await node.Runtime.Endpoints.AskAsync(endpointId, new QueueCommand($"probe-{round}-{i}", "true", "admin"));
                    direct.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
                    await node.Runtime.Endpoints.AskAsync(endpointId, new CancelCommand($"probe-{round}-{i}", "admin"));
                }
                direct.Sort();
                System.Console.Error.WriteLine($"PROBE3 queue ask p50 {direct[30]:0} us");
            }
            var cell = typeof(Caisey.Node.Runtime.EntityHost<,>).Assembly.GetType("Caisey.Node.Runtime.EntityCell`2")!
                .MakeGenericType(typeof(EndpointState), typeof(IEndpointMessage));
            long F(string n) => (long)cell.GetField(n)!.GetValue(null)!;
            var n = F("TN");
            double U(long ticks) => ticks * 1e6 / Stopwatch.Frequency / n;
            System.Console.Error.WriteLine($"PROBE3 per step ({n}): decided {U(F("TDecide")):0} us, appended {U(F("TAppend")):0}, wake {U(F("TWake")):0}, effects done {U(F("TEffects")):0}");
            var steps = (System.Collections.IEnumerable)cell.GetField("Steps")!.GetValue(null)!;
            var list = steps.Cast<ValueTuple<long, long, long, long>>().ToList();
            double M(Func<ValueTuple<long, long, long, long>, long> f) { var v = list.Select(f).OrderBy(x => x).ToList(); return v[v.Count / 2] * 1e6 / Stopwatch.Frequency; }
            System.Console.Error.WriteLine($"PROBE3 medians: decided {M(x => x.Item1):0} us, appended {M(x => x.Item2):0}, wake {M(x => x.Item3):0}, effects done {M(x => x.Item4):0}");
            Environment.Exit(0);
        }
        var rtts = new List<long>(count);
        var submits = new List<long>(count);
        var views = new List<CommandView>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var id = await client.SubmitAsync(endpointId);
            var accepted = Stopwatch.GetTimestamp();
            var (at, status) = await watcher.WhenTerminal(id).WaitAsync(TimeSpan.FromSeconds(30));
            watcher.Forget(id);
            if (status != "succeeded")
                throw new InvalidOperationException($"command {id} ended {status}");
            if (i < warmup)
                continue;
            rtts.Add(at - t0);
            submits.Add(accepted - t0);
            // Read now, outside the timed window: the entity keeps only its newest finished commands.
            views.Add((CommandView)(await node.Runtime.Endpoints.AskAsync(endpointId, new GetCommand(id)))!);
        }
        // The last command-finished ack may still be on its way when the event stream already said succeeded.
        for (var wait = 0; wait < 50 && agent.Unacked != 0; wait++)
            await Task.Delay(100);
        if (agent.Error is not null || agent.Unacked != 0)
            throw new InvalidOperationException($"the agent saw a problem: {agent.Error}; unacked requests: {agent.Unacked}");
        var phases = Phases(views);
        return (LatencyStats.Of(Percentiles.TicksToMicroseconds(rtts)), LatencyStats.Of(Percentiles.TicksToMicroseconds(submits)), phases);
    }

    /// <summary>The timeline of every measured command, at full clock precision (asked of the entity in process; the API rounds to ms).</summary>
    private static (string, LatencyStats)[] Phases(List<CommandView> views)
    {
        var phases = new List<double>[4];
        for (var p = 0; p < phases.Length; p++)
            phases[p] = [];
        foreach (var view in views)
        {
            DateTimeOffset At(CommandStatus status) => view.Timeline.First(e => e.Status == status).At;
            var points = new[] { view.SubmittedAt, At(CommandStatus.Dispatched), At(CommandStatus.Acknowledged), At(CommandStatus.Running), At(CommandStatus.Succeeded) };
            for (var p = 0; p < phases.Length; p++)
                phases[p].Add((points[p + 1] - points[p]).TotalMicroseconds);
        }
        string[] names = ["queuedMs: submitted → dispatched (CommandQueued durable, 202, dispatch worker, CommandDispatched durable)",
            "deliveryMs: dispatched → acknowledged (run-command sent, agent's ack, CommandAcknowledged durable)",
            "ackMs: acknowledged → running (command-started handled, CommandStarted durable)",
            "executionMs: running → succeeded (command-finished handled, CommandSucceeded durable)"];
        return names.Select((n, p) => (n, LatencyStats.Of(phases[p].ToArray()))).ToArray();
    }

    private static string Format(int count, int warmup, string sync, LatencyStats echo, LatencyStats commit, LatencyStats echo2, LatencyStats commit2,
        LatencyStats rtt, LatencyStats submit, (string Name, LatencyStats Stats)[] phases)
    {
        string U(double v) => LatencyStats.Us(v);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var echoP50 = Math.Min(echo.P50Us, echo2.P50Us);
        var commitP50 = Math.Min(commit.P50Us, commit2.P50Us);
        var issueGoal = echoP50 + 1.5 * commitP50;
        var floor = 2 * echoP50 + 2 * commitP50;
        var benchGoal = 1.5 * floor;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Durable command round trip — 1 simulated agent, {count} commands one at a time (after {warmup} warm-up), synchronous={sync}");
        sb.AppendLine();
        sb.AppendLine("| measure | p50 | p99 |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) bare Kestrel WebSocket echo, 40-byte frame, 1 client (before / after) | {U(echo.P50Us)} / {U(echo2.P50Us)} | {U(echo.P99Us)} / {U(echo2.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) raw SQLite WAL one row per commit, synchronous={sync} (before / after) | {U(commit.P50Us)} / {U(commit2.P50Us)} | {U(commit.P99Us)} / {U(commit2.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **durable round trip**: POST → `command.changed succeeded` on /api/v1/events | **{U(rtt.P50Us)}** | **{U(rtt.P99Us)}** |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| of which POST → 202 (CommandQueued durable) | {U(submit.P50Us)} | {U(submit.P99Us)} |");
        foreach (var (name, stats) in phases)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| timeline {name} | {U(stats.P50Us)} | {U(stats.P99Us)} |");
        sb.AppendLine();
        sb.AppendLine("| goal | target | measured p50 | ratio | met |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| issue: p50 ≤ echo p50 + 1.5 × fdatasync p50 | {U(issueGoal)} | {U(rtt.P50Us)} | {R(rtt.P50Us / issueGoal)}× | {(rtt.P50Us <= issueGoal ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| BENCH.md: p50 ≤ 1.5 × (2 × echo p50 + 2 × one-commit p50) = 1.5 × {U(floor)} | {U(benchGoal)} | {U(rtt.P50Us)} | {R(rtt.P50Us / benchGoal)}× | {(rtt.P50Us <= benchGoal ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ one-commit p50 | | | {R(rtt.P50Us / commitP50)} commits | |");
        sb.AppendLine();
        sb.AppendLine("Baseline p50s in the goals are the lower of the two passes (before and after the node run). Timeline phases are read from the entity at full clock precision. " +
            "The node runs in process (NodeHost.Build, Kestrel on 127.0.0.1:0, temp data dir on the same disk as (b), local agent off); the agent is `SimAgent` (ClientWebSocket + FrameCodec).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- rtt --commands {count} --warmup {warmup} --sync {sync}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }
}
