using System.Diagnostics;
using Caisey.Bench.Bridge;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Cluster;

/// <summary>
/// <c>Caisey.Bench cluster-throughput</c>: durable commands/s of 1 or 3 real node processes on one fresh PostgreSQL
/// database (default production cluster timings). Simulated agents dial the nodes round robin and follow the 421 to
/// their endpoint's owner; submitters post no-op commands through every node's API in turn (a node that does not own
/// the endpoint forwards to the owner), keeping at most <c>--inflight</c> commands open. A command counts when its agent
/// got the node's ack of <c>command-finished</c> (CommandSucceeded durable); its round trip is POST sent → that ack.
/// Baselines in the same run and database: <see cref="PgInsertBaseline"/>.
/// </summary>
internal static partial class ClusterThroughputBench
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var admin = options.Get("connection-string");
        if (string.IsNullOrWhiteSpace(admin))
        {
            System.Console.Error.WriteLine("usage: Caisey.Bench cluster-throughput --connection-string CS [--nodes 1|3] [--agents N] [--seconds N] [--inflight N] [--submitters N]");
            return 2;
        }
        var settings = new Settings(options.GetInt("nodes", 3), options.GetInt("agents", 300), options.GetInt("seconds", 15),
            options.GetInt("inflight", 0), options.GetInt("submitters", 64));
        if (settings.Inflight == 0)
            settings = settings with { Inflight = 2 * settings.Agents };
        await using var database = await BenchDatabase.CreateAsync(admin);
        System.Console.Error.WriteLine($"database {database.Name}; starting {settings.Nodes} nodes ...");
        var result = await NodeLegAsync(database.ConnectionString, settings);
        var (perCommand, succeeded, byManifest) = await PgInsertBaseline.CountCommandEventsAsync(database.ConnectionString);
        System.Console.Error.WriteLine($"  journal rows by manifest: {byManifest}");
        if (succeeded != result.TotalCompleted)
            System.Console.Error.WriteLine($"  note: {succeeded} CommandSucceeded in the journal, {result.TotalCompleted} finish acks seen by agents");
        System.Console.Error.WriteLine("baselines: raw multi-row INSERT, 500 rows/commit, then one command's rows per commit (5 s each) ...");
        var batched = await PgInsertBaseline.RowsPerSecondAsync(database.ConnectionString, 500, TimeSpan.FromSeconds(5));
        var perCommit = await PgInsertBaseline.RowsPerSecondAsync(database.ConnectionString, (int)Math.Round(perCommand), TimeSpan.FromSeconds(5));
        var report = Format(settings, result, perCommand, byManifest, batched, perCommit);
        await ResultsFile.WriteAsync($"cluster-throughput-{settings.Nodes}n", report);
        return 0;
    }

    internal sealed record Settings(int Nodes, int Agents, int Seconds, int Inflight, int Submitters);

    internal sealed record Result(double CommandsPerSecond, LatencyStats RoundTrip, LatencyStats Submit, long TotalCompleted,
        double NodeCpuPercent, double BenchCpuPercent, int Redirected, int AgentErrors, string ClusterSettings, long Refused);

    private static async Task<Result> NodeLegAsync(string connectionString, Settings s)
    {
        await using var cluster = await BenchCluster.StartAsync(connectionString, s.Nodes, []);
        try
        {
            return await DriveAsync(cluster, s);
        }
        catch
        {
            foreach (var node in cluster.Nodes)
                System.Console.Error.WriteLine($"==== node {node.NodeId} ====\n{node.Tail}");
            throw;
        }
    }

    private static async Task<Result> DriveAsync(BenchCluster cluster, Settings s)
    {
        var sw = Stopwatch.StartNew();
        var enrolled = await cluster.Clients[0].EnrollAsync(s.Agents);
        System.Console.Error.WriteLine($"enrolled {enrolled.Length} in {sw.Elapsed.TotalSeconds:0.0} s; connecting ...");
        var tracker = new CommandTracker();
        var slots = new SemaphoreSlim(s.Inflight);
        long completed = 0;
        var agents = enrolled.Select(e => new SimAgent(e.EndpointId, e.Credential)).ToArray();
        foreach (var agent in agents)
        {
            agent.Finished = id =>
            {
                Interlocked.Increment(ref completed);
                tracker.Finished(id);
                slots.Release();
            };
        }
        var bridges = cluster.Nodes.Select(n => SimAgent.BridgeUriOf(n.BaseAddress)).ToArray();
        await Parallel.ForAsync(0, agents.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await agents[i].ConnectAsync(bridges[i % bridges.Length], null, ct));
        var redirected = agents.Count(a => a.Redirects > 0);
        System.Console.Error.WriteLine($"connected in {sw.Elapsed.TotalSeconds:0.0} s ({redirected} followed a 421); warm-up {Warmup.TotalSeconds} s, then {s.Seconds} s ...");

        using var stop = new CancellationTokenSource();
        long next = 0, measuring = 0, refused = 0;
        var samples = new List<(long T0, long Accepted, Task<long> Finished)>[s.Submitters];
        var loops = Enumerable.Range(0, s.Submitters).Select(k => Task.Run(async () =>
        {
            samples[k] = [];
            while (!stop.IsCancellationRequested)
            {
                if (!await slots.WaitAsync(TimeSpan.FromSeconds(1)))
                    continue;
                var n = Interlocked.Increment(ref next);
                var client = cluster.Clients[(int)(n % cluster.Clients.Count)];
                var endpoint = agents[(int)(n / cluster.Clients.Count % agents.Length)].EndpointId;
                var t0 = Stopwatch.GetTimestamp();
                string id;
                try
                {
                    id = await client.SubmitAsync(endpoint);
                }
                catch (InvalidOperationException e)
                {
                    // Not a 202 (e.g. a 500 when the journal batch could not be committed): counted and reported.
                    if (Interlocked.Increment(ref refused) == 1)
                        System.Console.Error.WriteLine($"  first refused submit: {e.Message}");
                    slots.Release();
                    continue;
                }
                var finished = tracker.WaitAsync(id, TimeSpan.FromMinutes(2));
                if (Volatile.Read(ref measuring) == 1)
                    samples[k].Add((t0, Stopwatch.GetTimestamp(), finished));
            }
        })).ToArray();
        await Task.Delay(Warmup);
        var bench = Process.GetCurrentProcess();
        var (nodeCpu0, benchCpu0, done0) = (cluster.CpuTime, bench.TotalProcessorTime, Interlocked.Read(ref completed));
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(TimeSpan.FromSeconds(s.Seconds));
        Volatile.Write(ref measuring, 0);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var done = Interlocked.Read(ref completed) - done0;
        bench.Refresh();
        var nodeCpu = (cluster.CpuTime - nodeCpu0).TotalSeconds / elapsed / Environment.ProcessorCount * 100;
        var benchCpu = (bench.TotalProcessorTime - benchCpu0).TotalSeconds / elapsed / Environment.ProcessorCount * 100;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        System.Console.Error.WriteLine($"  {done / elapsed:N0} commands/s; draining ...");

        var all = samples.SelectMany(x => x).ToList();
        await Task.WhenAll(all.Select(x => (Task)x.Finished)).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var roundTrips = all.Where(x => x.Finished.IsCompletedSuccessfully).Select(x => x.Finished.Result - x.T0);
        var submits = all.Select(x => x.Accepted - x.T0);
        var errors = agents.Count(a => a.Error is not null);
        if (errors > 0)
            System.Console.Error.WriteLine($"  {errors} agents reported an error, e.g. {agents.First(a => a.Error is not null).Error}");
        foreach (var agent in agents)
            await agent.DisposeAsync();
        return new Result(done / elapsed, LatencyStats.Of(Percentiles.TicksToMicroseconds(roundTrips)), LatencyStats.Of(Percentiles.TicksToMicroseconds(submits)),
            Interlocked.Read(ref completed), nodeCpu, benchCpu, redirected, errors, cluster.Settings, Interlocked.Read(ref refused));
    }
}
