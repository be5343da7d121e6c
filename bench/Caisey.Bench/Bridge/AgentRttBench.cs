using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Caisey.Bench.Journal;
using Caisey.Node.Endpoints;
using Caisey.Node.LocalAgent;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>Caisey.Bench agent-rtt</c>: BENCH.md's real-agent round trip. <c>echo hi</c> through a real <c>Caisey.Agent</c>
/// process (enrolled through the API, <c>run</c> over its WebSocket bridge) on an in-process node, commands one at a time
/// and <c>--gap-ms</c> apart (100, as the peer was measured; the warm-up commands 10 ms apart, then a second's pause for
/// the JIT's background compiles); each timed from just before the POST to the moment the
/// technician's <c>GET /api/v1/events</c> stream carries its <c>command.output</c> chunk (and, second, its
/// <c>succeeded</c>). Baselines in the same run: the same script run by this process itself (<c>sh -c 'echo hi'</c>,
/// start → its output read), and handed to a shell it started ahead, as the agent does (<c>--agent-set
/// caisey.agent.prestart-shell=false</c> turns that off); and one raw SQLite commit <c>--gap-ms</c> apart, the cost of each
/// durable write on a machine that idles between commands. Starting the script plus three such commits (the writes this
/// design puts in front of the output) is the floor (c) the round trip is read against. The peer figure (MeshCentral 1.1.55, 2.9–3.3 ms
/// median, persisting nothing) is BENCH.md's, not measured here.
/// </summary>
internal static class AgentRttBench
{
    private const string Script = "echo hi";

    /// <summary>The lower end of the peer's median range in BENCH.md (MeshCentral 1.1.55 with its own agent).</summary>
    private const double PeerP50LowUs = 2_900;

    /// <summary>Spaced-out commits timed for baseline (b), after the node's run.</summary>
    private const int CommitSamples = 100;

    /// <summary>
    /// The durable writes this design puts in front of a command's output, one after the other: the node's queued record
    /// (before the run-command leaves), the agent's started record (before it runs the script: exactly once), and the
    /// node's copy of the output (before it is published).
    /// </summary>
    private const int DurableWritesBeforeOutput = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var count = options.GetInt("commands", 200);
        var warmup = options.GetInt("warmup", 300);
        var gap = TimeSpan.FromMilliseconds(options.GetInt("gap-ms", 100));
        var sync = options.Get("sync") ?? "full";
        var settings = options.GetAll("set");
        var agentSettings = options.GetAll("agent-set");
        var dir = Directory.CreateTempSubdirectory("caisey-bench-agent-rtt-").FullName;
        try
        {
            System.Console.Error.WriteLine("process baseline ...");
            var spawn = await SpawnBaselineAsync(20, count, gap);
            var handover = await HandoverBaselineAsync(20, count, gap);
            System.Console.Error.WriteLine($"  sh -c '{Script}' {spawn}; handed to a waiting shell {handover}; node and agent ...");
            var (output, done, submit, phases, steal) = await NodeRoundTripsAsync(dir, sync, settings, agentSettings, warmup, count, gap);
            System.Console.Error.WriteLine($"  output {output}");
            var spawn2 = await SpawnBaselineAsync(5, count, gap);
            System.Console.Error.WriteLine("commit baseline ...");
            var commit = LatencyStats.Of(await SqliteBaselines.SpacedOneRowCommitsAsync(Path.Combine(dir, "baseline.db"), sync, 5, CommitSamples, gap));
            System.Console.Error.WriteLine($"  one commit {gap.TotalMilliseconds:0} ms apart {commit}");
            var prestarts = !agentSettings.Any(x => x.Replace(" ", "", StringComparison.Ordinal).EndsWith("prestart-shell=false", StringComparison.Ordinal));
            var report = Format(count, warmup, gap, sync, settings, agentSettings, prestarts, spawn, spawn2, handover, commit, output, done, submit, phases, steal);
            await ResultsFile.WriteAsync("bridge-agent-rtt", report);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><c>sh -c 'echo hi'</c> from this process: start → the line read from its stdout.</summary>
    private static Task<LatencyStats> SpawnBaselineAsync(int warmup, int count, TimeSpan gap) => ScriptBaselineAsync(warmup, count, gap, handover: false);

    /// <summary>
    /// <c>echo hi</c> handed to a shell this process started ahead (<c>sh -c 'eval "$(cat)"'</c>, as the agent keeps one,
    /// <c>caisey.agent.prestart-shell</c>): the script written to its stdin → the line read from its stdout.
    /// </summary>
    private static Task<LatencyStats> HandoverBaselineAsync(int warmup, int count, TimeSpan gap) => ScriptBaselineAsync(warmup, count, gap, handover: true);

    private static async Task<LatencyStats> ScriptBaselineAsync(int warmup, int count, TimeSpan gap, bool handover)
    {
        var times = new List<long>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var start = new ProcessStartInfo("sh") { RedirectStandardInput = handover, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(handover ? "eval \"$(cat)\"" : Script);
            var t0 = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            if (handover)
            {
                // The shell starts, then waits as long as the machine idles between commands.
                await Task.Delay(gap);
                t0 = Stopwatch.GetTimestamp();
                await process.StandardInput.WriteAsync(Script);
                process.StandardInput.Close();
            }
            var line = await process.StandardOutput.ReadLineAsync();
            var t1 = Stopwatch.GetTimestamp();
            await process.WaitForExitAsync();
            if (line != "hi")
                throw new InvalidOperationException($"sh printed '{line}'");
            if (i >= warmup)
                times.Add(t1 - t0);
            if (!handover)
                await Task.Delay(gap);
        }
        return LatencyStats.Of(Percentiles.TicksToMicroseconds(times));
    }

    private static readonly string[] PhaseNames =
    [
        "POST sent → queued decided (HTTP, auth, handler, entity mailbox)",
        "queued decided → acknowledged decided (queued + dispatched committed, run-command to the agent, its ack back)",
        "acknowledged decided → running decided (the agent starts sh, command-started back)",
        "running decided → output on the stream (sh prints, the chunk back, stored, published)",
        "output on the stream → succeeded on the stream",
    ];

    private static async Task<(LatencyStats Output, LatencyStats Done, LatencyStats Submit, LatencyStats[] Phases, string Steal)> NodeRoundTripsAsync(
        string dir, string sync, IReadOnlyList<string> settings, IReadOnlyList<string> agentSettings, int warmup, int count, TimeSpan gap)
    {
        await using var node = await InProcessNode.StartAsync(Path.Combine(dir, "node"), [$"caisey.journal.sqlite.synchronous=\"{sync}\"", .. settings]);
        using var client = await NodeClient.LoginAsync(node.BaseAddress, InProcessNode.AdminPassword);
        await using var agent = await RealAgent.StartAsync(client, Path.Combine(dir, "agent"), agentSettings);
        await using var watcher = await CommandWatcher.StartAsync(client, followOutput: true);
        var output = new List<long>(count);
        var done = new List<long>(count);
        var submits = new List<long>(count);
        var phases = PhaseNames.Select(_ => new List<double>(count)).ToArray();
        HostSteal? steal = null;
        for (var i = 0; i < warmup + count; i++)
        {
            if (i == warmup)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                steal = new HostSteal();
            }
            var posted = DateTimeOffset.UtcNow;
            var t0 = Stopwatch.GetTimestamp();
            var id = await client.SubmitAsync(agent.EndpointId, Script);
            var accepted = Stopwatch.GetTimestamp();
            var (outputAt, data) = await watcher.WhenOutput(id).WaitAsync(TimeSpan.FromSeconds(30));
            var (doneAt, _, status) = await watcher.WhenTerminal(id).WaitAsync(TimeSpan.FromSeconds(30));
            watcher.Forget(id);
            if (data != "hi\n" || status != "succeeded")
                throw new InvalidOperationException($"command {id} printed '{data}' and ended {status}");
            if (i >= warmup)
            {
                output.Add(outputAt - t0);
                done.Add(doneAt - t0);
                submits.Add(accepted - t0);
                // Read outside the timed window, at full clock precision (the API rounds to ms); the stream's moments
                // are placed on the same wall clock from the stopwatch.
                var view = (CommandView)(await node.Runtime.Endpoints.AskAsync(agent.EndpointId, new GetCommand(id)))!;
                DateTimeOffset At(CommandStatus s) => view.Timeline.First(e => e.Status == s).At;
                DateTimeOffset Seen(long at) => posted + Stopwatch.GetElapsedTime(t0, at);
                DateTimeOffset[] path = [posted, view.SubmittedAt, At(CommandStatus.Acknowledged),
                    At(CommandStatus.Running), Seen(outputAt), Seen(doneAt)];
                for (var p = 0; p < phases.Length; p++)
                    phases[p].Add((path[p + 1] - path[p]).TotalMicroseconds);
            }
            await Task.Delay(i < warmup ? TimeSpan.FromMilliseconds(10) : gap);
        }
        return (LatencyStats.Of(Percentiles.TicksToMicroseconds(output)), LatencyStats.Of(Percentiles.TicksToMicroseconds(done)),
            LatencyStats.Of(Percentiles.TicksToMicroseconds(submits)), phases.Select(p => LatencyStats.Of(p.ToArray())).ToArray(), steal!.Describe());
    }

    private static string Format(int count, int warmup, TimeSpan gap, string sync, IReadOnlyList<string> settings, IReadOnlyList<string> agentSettings,
        bool prestarts, LatencyStats spawn, LatencyStats spawn2, LatencyStats handover, LatencyStats commit, LatencyStats output, LatencyStats done, LatencyStats submit, LatencyStats[] phases, string steal)
    {
        string U(double v) => LatencyStats.Us(v);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var spawnP50 = Math.Min(spawn.P50Us, spawn2.P50Us);
        var startP50 = prestarts ? handover.P50Us : spawnP50;
        var floor = startP50 + DurableWritesBeforeOutput * commit.P50Us;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Real-agent round trip — `{Script}` through a Caisey.Agent process, {count} commands {gap.TotalMilliseconds:0} ms apart (after {warmup} warm-up commands), synchronous={sync}");
        sb.AppendLine();
        sb.AppendLine("| measure | p50 | p99 |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) `sh -c '{Script}'` started by this process, start → its line read (before / after) | {U(spawn.P50Us)} / {U(spawn2.P50Us)} | {U(spawn.P99Us)} / {U(spawn2.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a′) the same script handed to a shell started ahead (`sh -c 'eval \"$(cat)\"'`, as the agent keeps one: `caisey.agent.prestart-shell`), written to its stdin → its line read | {U(handover.P50Us)} | {U(handover.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) one SQLite commit by this process (one row, WAL, synchronous={sync}), {gap.TotalMilliseconds:0} ms apart, after the node's run | {U(commit.P50Us)} | {U(commit.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (c) this design's floor: {(prestarts ? "(a′)" : "(a)")} + {DurableWritesBeforeOutput} × (b), {(prestarts ? "the hand-over to the waiting shell" : "the spawn (the agent runs with prestart-shell=false)")} and the {DurableWritesBeforeOutput} durable writes in front of the output (the node's queued record, the agent's started record, the node's copy of the output), with no network hop, HTTP or logic | {U(floor)} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **real-agent round trip**: POST → `command.output` `hi` on /api/v1/events | **{U(output.P50Us)}** | **{U(output.P99Us)}** |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| of which POST → 202 (CommandQueued durable) | {U(submit.P50Us)} | {U(submit.P99Us)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| POST → `command.changed succeeded` (finished durable) | {U(done.P50Us)} | {U(done.P99Us)} |");
        for (var p = 0; p < phases.Length; p++)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| phase: {PhaseNames[p]} | {U(phases[p].P50Us)} | {U(phases[p].P99Us)} |");
        sb.AppendLine();
        sb.AppendLine("| goal | target | measured p50 | ratio | met |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| BENCH.md: below the peer (MeshCentral 1.1.55, median 2.9–3.3 ms, nothing persisted; BENCH.md's figure, not measured here) | < {U(PeerP50LowUs)} | {U(output.P50Us)} | {R(output.P50Us / PeerP50LowUs)}× | {(output.P50Us < PeerP50LowUs ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ {(prestarts ? "(a′)" : "(a)")} p50 | | | {R(output.P50Us / startP50)}× | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) round trip ÷ (c) | | | {R(output.P50Us / floor)}× | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (reference) the peer's figure ÷ (c): below 1, the peer is faster than this design's floor on this machine | | | {R(PeerP50LowUs / floor)}× | |");
        sb.AppendLine();
        sb.AppendLine("Phase p50s need not add up to the round trip's p50 (each is its own distribution); decided points are when the entity decided a step, before its commit.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Host steal during the measured commands: {steal} of the VM's CPU time. The node runs in process ({NodeGcMode.Describe()}; NodeHost.Build, Kestrel on 127.0.0.1:0, temp data dir, the node's own local agent off); the agent is `Caisey.Agent run` in its own process (enrolled with `Caisey.Agent enroll`), running the script with sh and streaming its output; the output chunk is durable on the node before the event is published.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- agent-rtt --commands {count} --warmup {warmup} --gap-ms {gap.TotalMilliseconds:0} --sync {sync}{string.Concat(settings.Select(x => $" --set {x}"))}{string.Concat(agentSettings.Select(x => $" --agent-set {x}"))}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        return sb.ToString();
    }

    /// <summary>A <c>Caisey.Agent</c> process enrolled with a fresh token and running until disposed.</summary>
    private sealed class RealAgent(Process process, string endpointId) : IAsyncDisposable
    {
        public string EndpointId { get; } = endpointId;

        private static string AgentDll => Path.Combine(AppContext.BaseDirectory, "Caisey.Agent.dll");

        public static async Task<RealAgent> StartAsync(NodeClient client, string dataDir, IReadOnlyList<string> settings)
        {
            var token = await client.EnrollmentTokenAsync(1);
            using (var enroll = Process.Start(ChildProcess.DotnetExec(AgentDll, ["enroll", "--server", client.BaseAddress.ToString(), "--token", token, "--data-dir", dataDir]))!)
            {
                var text = enroll.StandardOutput.ReadToEndAsync();
                var errors = enroll.StandardError.ReadToEndAsync();
                await enroll.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (enroll.ExitCode != 0)
                    throw new InvalidOperationException($"Caisey.Agent enroll exited {enroll.ExitCode}: {await errors}{await text}");
            }
            var process = Process.Start(ChildProcess.DotnetExec(AgentDll, ["run", "--data-dir", dataDir, .. settings.SelectMany(x => new[] { "--set", x })]))!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                return new RealAgent(process, await WaitReachableAsync(client));
            }
            catch
            {
                await ChildProcess.StopAsync(process, TimeSpan.FromSeconds(10));
                process.Dispose();
                throw;
            }
        }

        /// <summary>The node's only endpoint, once its reachability is proved by a round trip (bounded: 60 s).</summary>
        private static async Task<string> WaitReachableAsync(NodeClient client)
        {
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var body = JsonDocument.Parse(await client.Http.GetStringAsync("/api/v1/endpoints"));
                foreach (var endpoint in body.RootElement.EnumerateArray())
                {
                    if (endpoint.GetProperty("reachability").GetProperty("state").GetString() == "reachable")
                        return endpoint.GetProperty("id").GetString()!;
                }
                await Task.Delay(100);
            }
            throw new TimeoutException("the agent did not become reachable within 60 s");
        }

        public async ValueTask DisposeAsync()
        {
            await ChildProcess.StopAsync(process, TimeSpan.FromSeconds(10));
            process.Dispose();
        }
    }
}
