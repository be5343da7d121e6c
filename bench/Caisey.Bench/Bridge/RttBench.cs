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
        var rounds = Math.Clamp(options.GetInt("rounds", 5), 1, count);
        var sync = options.Get("sync") ?? "full";
        var withBare = options.Get("bare") != "false";
        var dir = Directory.CreateTempSubdirectory("caisey-bench-rtt-").FullName;
        try
        {
            var settings = options.GetAll("set");
            System.Console.Error.WriteLine("node ...");
            await using var node = await NodeLeg.StartAsync(Path.Combine(dir, "node"), sync, settings, count);
            var warm = await node.WarmUpAsync(warmup);
            System.Console.Error.WriteLine($"  warm-up: {warm.Steps} commands in {warm.Time.TotalSeconds:0} s, JIT {(warm.Settled ? "settled" : "still compiling")}");
            await using var bare = withBare ? await BareLeg.StartAsync(warmup, count) : null;

            // Interleaved rounds: every measure takes its share in each round, so that a slow spell of this shared
            // machine weighs on the baselines as much as on the node (a baseline measured once, minutes away, does not).
            var echo = new List<double>();
            var commit = new List<double>();
            var perRound = new List<RoundP50s>(rounds);
            var allocTypes = options.GetInt("alloc-types", 0);
            using var allocations = allocTypes > 0 ? new AllocProbe() : null;
            // The baselines' own first run is not measured either: their JIT, and the commit file's growth. Every round
            // commits on this one open connection, whose write-ahead log has by then wrapped (OneRowCommitLoop).
            using var commits = new SqliteBaselines.OneRowCommitLoop(Path.Combine(dir, "raw-commit.db"), sync);
            await using var echoes = await EchoBaseline.StartAsync();
            await echoes.RunAsync(500, 400);
            commits.Run(2000);
            node.BeginMeasuring();
            for (var round = 0; round < rounds; round++)
            {
                var share = count / rounds + (round < count % rounds ? 1 : 0);
                // What the last round left behind (the audit log's held records, a checkpoint) settles before the
                // baselines: they measure this machine, not the node's trailing writes.
                await Task.Delay(Settle);
                var roundEcho = await echoes.RunAsync(50, 400);
                var roundCommit = commits.Run(400);
                allocations?.Start();
                var roundNode = await node.MeasureAsync(share);
                allocations?.Stop();
                var roundBare = bare is null ? null : await bare.MeasureAsync(share);
                echo.AddRange(roundEcho);
                commit.AddRange(roundCommit);
                perRound.Add(new RoundP50s(Median(roundEcho), Median(roundCommit), Median(roundNode), roundBare is null ? null : Median(roundBare)));
                System.Console.Error.WriteLine($"  round {round + 1}/{rounds}: echo {Median(roundEcho):0} µs, commit {Median(roundCommit):0} µs, node {Median(roundNode):0} µs" +
                    (roundBare is null ? "" : $", bare {Median(roundBare):0} µs"));
            }
            allocations?.Print(allocTypes);
            var (rtt, submit, phases, cpu) = await node.FinishAsync(warm);
            var report = Format(count, warmup, rounds, sync, settings, LatencyStats.Of(echo.ToArray()), LatencyStats.Of(commit.ToArray()),
                rtt, submit, phases, cpu, bare?.Result(), perRound);
            await ResultsFile.WriteAsync("bridge-rtt", report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The pause before each round's baselines.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    /// <summary>One round's p50s (µs): (a), (b), the node's round trip and (c).</summary>
    private readonly record struct RoundP50s(double Echo, double Commit, double Node, double? Bare)
    {
        /// <summary>This round's round trip ÷ BENCH.md's target computed from this round's baselines.</summary>
        public double GoalRatio => Node / (1.5 * (2 * Echo + 2 * Commit));

        /// <summary>This round's round trip ÷ this round's (d) = (c) + 2 × (b).</summary>
        public double? FloorRatio => Bare is { } bare ? Node / (bare + 2 * Commit) : null;
    }

    private static double Median(double[] values) => LatencyStats.Of(values).P50Us;

    /// <summary>Process CPU time per measured command, the cores it kept busy, and the warm-up before it.</summary>
    private readonly record struct CpuUse(double PerCommandUs, double Cores, int WarmupCommands, bool JitSettled, long JitDuringRun, string HostSteal,
        double AllocatedPerCommand, double GcPausePerCommandUs, int Collections, double CommitsPerCommand, double AppendsPerCommand, double HeldPerCommand);

    /// <summary>
    /// The node under test, in process, with one simulated agent and the technician's event stream; measured in
    /// windows (<see cref="MeasureAsync"/>), with its CPU, allocations and journal commits counted over the windows only.
    /// </summary>
    private sealed class NodeLeg : IAsyncDisposable
    {
        private readonly InProcessNode _node;
        private readonly NodeClient _client;
        private readonly SimAgent _agent;
        private readonly CommandWatcher _watcher;
        private readonly string _endpointId;
        private readonly List<long> _rtts, _submits;
        private readonly List<CommandView> _views;
        private readonly List<(DateTimeOffset Posted, DateTimeOffset RunReceived, DateTimeOffset Seen)> _points;
        private readonly Caisey.Node.Journal.SqliteEventJournal _journal;
        private TimeSpan _cpu, _wall, _pause;
        private long _allocated, _batches, _appends, _held, _jit0;
        private int _collections;
        private HostSteal? _steal;

        private NodeLeg(InProcessNode node, NodeClient client, SimAgent agent, CommandWatcher watcher, string endpointId, int count)
        {
            (_node, _client, _agent, _watcher, _endpointId) = (node, client, agent, watcher, endpointId);
            (_rtts, _submits, _views, _points) = (new(count), new(count), new(count), new(count));
            _journal = (Caisey.Node.Journal.SqliteEventJournal)node.Runtime.Journal;
            agent.RunReceivedAt = new();
        }

        public static async Task<NodeLeg> StartAsync(string dataDir, string sync, IReadOnlyList<string> settings, int count)
        {
            var node = await InProcessNode.StartAsync(dataDir, [$"caisey.journal.sqlite.synchronous=\"{sync}\"", .. settings]);
            var client = await NodeClient.LoginAsync(node.BaseAddress, InProcessNode.AdminPassword);
            var (endpointId, credential) = (await client.EnrollAsync(1))[0];
            var agent = new SimAgent(endpointId, credential);
            await agent.ConnectAsync(client.BridgeUri, null, CancellationToken.None);
            var watcher = await CommandWatcher.StartAsync(client);
            return new NodeLeg(node, client, agent, watcher, endpointId, count);
        }

        /// <summary>Until the JIT has settled (<see cref="JitWarmup"/>), at least <paramref name="warmup"/> commands.</summary>
        public Task<(int Steps, TimeSpan Time, bool Settled)> WarmUpAsync(int warmup) =>
            JitWarmup.RunAsync(() => OneAsync(false), warmup, 250, TimeSpan.FromSeconds(180));

        public void BeginMeasuring() => (_jit0, _steal) = (JitWarmup.CompiledMethods, new HostSteal());

        /// <summary>Runs <paramref name="count"/> measured commands one at a time; returns their round trips (µs).</summary>
        public async Task<double[]> MeasureAsync(int count)
        {
            var first = _rtts.Count;
            var (cpu0, wall0) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
            var (alloc0, pause0, gcs0) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var (writes0, held0) = (_journal.Stats, _journal.HeldBatches);
            for (var i = 0; i < count; i++)
                await OneAsync(true);
            _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            _wall += Stopwatch.GetElapsedTime(wall0);
            _allocated += GC.GetTotalAllocatedBytes() - alloc0;
            _pause += GC.GetTotalPauseDuration() - pause0;
            _collections += GC.CollectionCount(0) - gcs0;
            var writes1 = _journal.Stats;
            (_batches, _appends, _held) = (_batches + writes1.Batches - writes0.Batches, _appends + writes1.Appends - writes0.Appends,
                _held + _journal.HeldBatches - held0);
            return Percentiles.TicksToMicroseconds(_rtts.GetRange(first, _rtts.Count - first));
        }

        private async Task OneAsync(bool measure)
        {
            var wallPosted = DateTimeOffset.UtcNow;
            var (id, t0, accepted, at, wallSeen) = await RoundTripAsync(_client, _watcher, _endpointId);
            if (!measure)
                return;
            _rtts.Add(at - t0);
            _submits.Add(accepted - t0);
            // Read now, outside the timed window: the entity keeps only its newest finished commands.
            _views.Add((CommandView)(await _node.Runtime.Endpoints.AskAsync(_endpointId, new GetCommand(id)))!);
            _points.Add((wallPosted, _agent.RunReceivedAt![id], wallSeen));
        }

        public async Task<(LatencyStats Rtt, LatencyStats Submit, (string Name, LatencyStats Stats)[] Phases, CpuUse Cpu)> FinishAsync((int Steps, TimeSpan Time, bool Settled) warm)
        {
            var count = (double)_rtts.Count;
            var cpu = new CpuUse(_cpu.TotalMicroseconds / count, _cpu / _wall, warm.Steps, warm.Settled, JitWarmup.CompiledMethods - _jit0,
                _steal?.Describe() ?? "n/a", _allocated / count, _pause.TotalMicroseconds / count, _collections, _batches / count, _appends / count, _held / count);
            // The last command-finished ack may still be on its way when the event stream already said succeeded.
            for (var wait = 0; wait < 50 && _agent.Unacked != 0; wait++)
                await Task.Delay(100);
            if (_agent.Error is not null || _agent.Unacked != 0)
                throw new InvalidOperationException($"the agent saw a problem: {_agent.Error}; unacked requests: {_agent.Unacked}");
            return (LatencyStats.Of(Percentiles.TicksToMicroseconds(_rtts)), LatencyStats.Of(Percentiles.TicksToMicroseconds(_submits)), Phases(_views, _points), cpu);
        }

        public async ValueTask DisposeAsync()
        {
            await _watcher.DisposeAsync();
            await _agent.DisposeAsync();
            _client.Dispose();
            await _node.DisposeAsync();
        }
    }

    /// <summary>
    /// Baseline (c): the same round trip — POST → 202, run-command, the agent's ack, started and finished, the
    /// <c>command.changed</c> events — against <see cref="BareExchangeServer"/> in this process, where nothing is checked
    /// or stored. What the exchange this API defines costs on these cores before any durable write.
    /// </summary>
    private sealed class BareLeg : IAsyncDisposable
    {
        private const string EndpointId = "ep_bare";
        private readonly BareExchangeServer _server;
        private readonly NodeClient _client;
        private readonly SimAgent _agent;
        private readonly CommandWatcher _watcher;
        private readonly List<double> _rtts = [];

        private BareLeg(BareExchangeServer server, NodeClient client, SimAgent agent, CommandWatcher watcher) =>
            (_server, _client, _agent, _watcher) = (server, client, agent, watcher);

        public static async Task<BareLeg> StartAsync(int warmup, int count)
        {
            System.Console.Error.WriteLine("bare exchange (nothing stored) ...");
            var server = await BareExchangeServer.StartAsync();
            var client = NodeClient.WithToken(server.BaseAddress, "bare");
            var agent = new SimAgent(EndpointId, "bare");
            await agent.ConnectAsync(client.BridgeUri, null, CancellationToken.None);
            var leg = new BareLeg(server, client, agent, await CommandWatcher.StartAsync(client));
            await JitWarmup.RunAsync(async () => await leg.OneAsync(), warmup, 250, TimeSpan.FromSeconds(60));
            return leg;
        }

        public async Task<double[]> MeasureAsync(int count)
        {
            var rtts = new long[count];
            for (var i = 0; i < count; i++)
                rtts[i] = await OneAsync();
            if (_agent.Error is not null)
                throw new InvalidOperationException($"the agent of the bare exchange saw a problem: {_agent.Error}");
            var microseconds = Percentiles.TicksToMicroseconds(rtts);
            _rtts.AddRange(microseconds);
            return microseconds;
        }

        public LatencyStats Result() => LatencyStats.Of(_rtts.ToArray());

        private async Task<long> OneAsync()
        {
            var (_, t0, _, at, _) = await RoundTripAsync(_client, _watcher, EndpointId);
            return at - t0;
        }

        public async ValueTask DisposeAsync()
        {
            await _watcher.DisposeAsync();
            await _agent.DisposeAsync();
            _client.Dispose();
            await _server.DisposeAsync();
        }
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

    private static string Format(int count, int warmup, int rounds, string sync, IReadOnlyList<string> settings, LatencyStats echo, LatencyStats commit,
        LatencyStats rtt, LatencyStats submit, (string Name, LatencyStats Stats)[] phases, CpuUse cpu, LatencyStats? bare, List<RoundP50s> perRound)
    {
        string U(double v) => LatencyStats.Us(v);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        string Range(IEnumerable<double> values) => values.ToArray() is { Length: > 0 } v ? $"{R(v.Min())}–{R(v.Max())}×" : "";
        var echoP50 = echo.P50Us;
        var commitP50 = commit.P50Us;
        var issueGoal = echoP50 + 1.5 * commitP50;
        var floor = 2 * echoP50 + 2 * commitP50;
        var benchGoal = 1.5 * floor;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Durable command round trip — 1 simulated agent, {count} commands one at a time in {rounds} interleaved rounds (after {cpu.WarmupCommands} warm-up commands, JIT {(cpu.JitSettled ? "settled" : "NOT settled")}), synchronous={sync}");
        sb.AppendLine();
        sb.AppendLine("| measure | p50 | p99 |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) bare Kestrel WebSocket echo, 40-byte frame, 1 client | {U(echo.P50Us)} | {U(echo.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) raw SQLite WAL one row per commit, synchronous={sync} | {U(commit.P50Us)} | {U(commit.P99Us)} |");
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
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) the same ratio round by round, each against its own round's (a) and (b) | | | {Range(perRound.Select(r => r.GoalRatio))} | {perRound.Count(r => r.GoalRatio <= 1)} of {perRound.Count} rounds |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ one-commit p50 | | | {R(rtt.P50Us / commitP50)} commits | |");
        if (bare is not null)
        {
            var apiFloor = bare.P50Us + 2 * commitP50;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ (d) | | | {R(rtt.P50Us / apiFloor)}× (rounds: {Range(perRound.Select(r => r.FloorRatio ?? 0))}) | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) BENCH.md's target ÷ (d): below 1, the target is under the bare exchange plus two commits | | | {R(benchGoal / apiFloor)}× | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) the node's own latency: round trip − (c) − 2 × (b) | | {U(rtt.P50Us - apiFloor)} | | |");
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Process CPU per measured command: {U(cpu.PerCommandUs)} ({R(cpu.Cores)} cores busy on average; node, HttpClient, event-stream reader and simulated agent share the process). Allocated per command: {cpu.AllocatedPerCommand / 1024:N0} KiB; GC pauses {U(cpu.GcPausePerCommandUs)} per command ({cpu.Collections} gen0 collections; {NodeGcMode.Describe()}). Journal commits per command: {R(cpu.CommitsPerCommand)} ({R(cpu.AppendsPerCommand)} appends; {R(cpu.HeldPerCommand)} held for a deferred ack, `caisey.journal.sqlite.linger`). Host steal during the measured run: {cpu.HostSteal} of the VM's CPU time. Methods JIT-compiled during the measured run: {cpu.JitDuringRun} (warm-up runs until a round of 250 commands compiles none, at least {warmup} commands; `JitWarmup`).");
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"Each of the {rounds} rounds takes its share of every measure in turn — 400 echoes, 400 commits, {count / rounds} node round trips{(bare is null ? "" : ", as many against the bare exchange")} — so that a slow spell of the machine falls on the baselines as on the node; p50s pool all rounds. Phase p50s need not add up to the round trip's p50 (each is its own distribution). ");
        sb.AppendLine("The node runs in process (NodeHost.Build, Kestrel on 127.0.0.1:0, temp data dir on the same disk as (b), local agent off); the agent is `SimAgent` (ClientWebSocket + FrameCodec).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- rtt --commands {count} --warmup {warmup} --rounds {rounds} --sync {sync}{string.Concat(settings.Select(x => $" --set {x}"))}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }
}
