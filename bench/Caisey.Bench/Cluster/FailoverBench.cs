using System.Collections.Concurrent;
using System.Diagnostics;
using Caisey.Agent.Bridge;
using Caisey.Bench.Bridge;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Cluster;

/// <summary>
/// <c>Caisey.Bench failover</c>: three node processes on one fresh PostgreSQL database, simulated agents that stay
/// connected (they reconnect with the real agent's policy: <see cref="ReconnectPolicy"/> 500 ms base, 30 s cap, full
/// jitter, rotation after 2 failed dials, 421 followed), background commands through the live nodes. Each repetition
/// SIGKILLs the owner of one endpoint and measures, for every endpoint that node owned, the time from the kill until a
/// no-op command submitted for it through a surviving node succeeded (its agent got the ack of <c>command-finished</c>);
/// then starts the killed node again and waits until the shards are spread and every endpoint serves. Run once with the
/// cluster tests' timings and once with the production defaults (heartbeat 500 ms, lease 2 s, node timeout 2 s).
/// </summary>
internal static partial class FailoverBench
{
    private static readonly ReconnectPolicy AgentPolicy = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var admin = options.Get("connection-string");
        if (string.IsNullOrWhiteSpace(admin))
        {
            System.Console.Error.WriteLine("usage: Caisey.Bench failover --connection-string CS [--agents N] [--reps N] [--timings fast|production|both]");
            return 2;
        }
        var agents = options.GetInt("agents", 60);
        var reps = options.GetInt("reps", 3);
        var which = options.Get("timings") ?? "both";
        var profiles = new List<Profile>();
        if (which is "fast" or "both")
            profiles.Add(await ProfileAsync(admin, "tests' fast timings (heartbeat 200 ms, lease 1.5 s, node timeout 1.5 s)", BenchCluster.FastTimings, agents, reps));
        if (which is "production" or "both")
            profiles.Add(await ProfileAsync(admin, "production defaults (heartbeat 500 ms, lease 2 s, node timeout 2 s)", [], agents, reps));
        await ResultsFile.WriteAsync("cluster-failover", Format(agents, reps, which, profiles));
        return 0;
    }

    /// <summary>One kill: per victim endpoint, kill → 202 through a survivor, kill → its agent's bridge is back, kill → the command succeeded (ms).</summary>
    internal sealed record Repetition(string Victim, int Endpoints, double[] AcceptedMs, double[] BridgeMs, double[] SucceededMs, int BackgroundFailures);

    internal sealed record Profile(string Name, List<Repetition> Repetitions);

    private static async Task<Profile> ProfileAsync(string admin, string name, string[] timings, int agentCount, int reps)
    {
        System.Console.Error.WriteLine($"== {name} ==");
        await using var database = await BenchDatabase.CreateAsync(admin);
        await using var cluster = await BenchCluster.StartAsync(database.ConnectionString, 3, timings);
        var enrolled = await cluster.Clients[0].EnrollAsync(agentCount);
        var tracker = new CommandTracker();
        var reconnectedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var agents = enrolled.Select(e => new SimAgent(e.EndpointId, e.Credential)
        {
            Finished = tracker.Finished,
            Reconnected = (a, at) => reconnectedAt.TryAdd(a.EndpointId, at),
        }).ToArray();
        var rotation = cluster.Nodes.Select(n => SimAgent.BridgeUriOf(n.BaseAddress)).ToArray();
        await Parallel.ForAsync(0, agents.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await agents[i].ConnectAndStayAsync(rotation, i % 3, AgentPolicy, ct));
        var live = new LiveNodes(cluster);
        using var stop = new CancellationTokenSource();
        var background = Enumerable.Range(0, 4).Select(k => BackgroundLoadAsync(live, agents, tracker, k, stop.Token)).ToArray();
        var result = new Profile(name, []);
        try
        {
            for (var rep = 0; rep < reps; rep++)
            {
                await EveryEndpointServesAsync(cluster, agents, tracker, via: rep % 3);
                var victimId = await cluster.OwnerOfAsync(agents[rep].EndpointId, via: 0) ?? throw new InvalidOperationException("no owner");
                var victim = cluster.IndexOf(victimId);
                var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToArray();
                var owners = await Task.WhenAll(agents.Select(a => cluster.OwnerOfAsync(a.EndpointId, via: survivors[0])));
                var victims = agents.Where((_, i) => owners[i] == victimId).ToArray();
                reconnectedAt.Clear();
                var failures0 = live.Failures;
                live.Without(victim);
                var killedAt = Stopwatch.GetTimestamp();
                await cluster.Nodes[victim].KillAsync();
                System.Console.Error.WriteLine($"  rep {rep + 1}: killed {victimId} (owner of {victims.Length} of {agents.Length} endpoints)");
                var probes = await Task.WhenAll(victims.Select((a, i) => ProbeAsync(cluster, survivors[i % 2], survivors[(i + 1) % 2], a.EndpointId, tracker, killedAt)));
                var bridge = victims.Select(a => reconnectedAt.TryGetValue(a.EndpointId, out var at) ? Ms(at - killedAt) : double.NaN).ToArray();
                var repetition = new Repetition(victimId, victims.Length, [.. probes.Select(p => p.AcceptedMs)], bridge, [.. probes.Select(p => p.SucceededMs)], (int)(live.Failures - failures0));
                result.Repetitions.Add(repetition);
                System.Console.Error.WriteLine($"    succeeded after kill: median {Percentiles.Median(repetition.SucceededMs):0} ms, max {repetition.SucceededMs.Max():0} ms");
                await cluster.RestartAsync(victim);
                live.All();
                await cluster.WaitBalancedAsync(3, via: victim, TimeSpan.FromSeconds(90));
            }
        }
        catch
        {
            foreach (var node in cluster.Nodes)
                System.Console.Error.WriteLine($"==== node {node.NodeId} ====\n{node.Tail}");
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(background).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var agent in agents)
                await agent.DisposeAsync();
        }
        return result;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Submits for <paramref name="endpointId"/> through a survivor until one is accepted, then waits for it to succeed.</summary>
    private static async Task<(double AcceptedMs, double SucceededMs)> ProbeAsync(BenchCluster cluster, int via, int other, string endpointId, CommandTracker tracker, long killedAt)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            string id;
            try
            {
                id = await cluster.Clients[attempt % 2 == 0 ? via : other].SubmitAsync(endpointId);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(50);
                continue;
            }
            var accepted = Stopwatch.GetTimestamp();
            var finished = await tracker.WaitAsync(id, TimeSpan.FromSeconds(90));
            return (Ms(accepted - killedAt), Ms(finished - killedAt));
        }
    }

    /// <summary>One no-op command per endpoint through node <paramref name="via"/>; completes when all succeeded.</summary>
    private static async Task EveryEndpointServesAsync(BenchCluster cluster, SimAgent[] agents, CommandTracker tracker, int via)
    {
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (agent, _) =>
        {
            var id = await cluster.Clients[via].SubmitAsync(agent.EndpointId);
            await tracker.WaitAsync(id, TimeSpan.FromSeconds(90));
        });
    }

    /// <summary>Continuous commands: round robin over endpoints and the live nodes, each waited for until it succeeded.</summary>
    private static async Task BackgroundLoadAsync(LiveNodes live, SimAgent[] agents, CommandTracker tracker, int k, CancellationToken ct)
    {
        for (var n = k; !ct.IsCancellationRequested; n += 4)
        {
            try
            {
                var id = await live.Pick(n).SubmitAsync(agents[n % agents.Length].EndpointId, ct);
                await tracker.WaitAsync(id, TimeSpan.FromSeconds(60)).WaitAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                if (!ct.IsCancellationRequested)
                    live.Failed();
            }
        }
    }
}
