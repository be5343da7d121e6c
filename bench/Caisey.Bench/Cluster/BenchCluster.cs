using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Bench.Bridge;

namespace Caisey.Bench.Cluster;

/// <summary>
/// N node processes sharing one PostgreSQL database (journal, stores, shard leases), each with an admin API client,
/// started as <c>Caisey.Tests/Cluster/ClusterRig</c> does.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    /// <summary>The cluster tests' timings (heartbeat 200 ms, lease 1.5 s, node timeout 1.5 s).</summary>
    public static readonly string[] FastTimings =
    [
        "caisey.cluster.heartbeat-interval=200ms",
        "caisey.cluster.lease-duration=1500ms",
        "caisey.cluster.node-timeout=1500ms",
    ];

    private readonly string[] _sets;

    private BenchCluster(string[] sets, List<NodeProcess> nodes, List<NodeClient> clients)
    {
        _sets = sets;
        Nodes = nodes;
        Clients = clients;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>The admin API of each node, same index as <see cref="Nodes"/>.</summary>
    public List<NodeClient> Clients { get; }

    public static async Task<BenchCluster> StartAsync(string connectionString, int count, IEnumerable<string> timings)
    {
        string[] sets =
        [
            "caisey.journal.provider=postgres",
            $"caisey.journal.postgres.connection-string=\"{connectionString}\"",
            "caisey.cluster.enabled=true",
            .. timings,
        ];
        var nodes = new List<NodeProcess>();
        var clients = new List<NodeClient>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                nodes.Add(await NodeProcess.StartAsync($"n{i + 1}", sets));
                clients.Add(await NodeClient.LoginAsync(nodes[i].BaseAddress, NodeProcess.AdminPassword));
            }
            var cluster = new BenchCluster(sets, nodes, clients);
            await cluster.WaitBalancedAsync(count, via: 0, TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            foreach (var client in clients)
                client.Dispose();
            foreach (var node in nodes)
            {
                System.Console.Error.WriteLine($"==== node {node.NodeId} ====\n{node.Tail}");
                await node.DisposeAsync();
            }
            throw;
        }
    }

    public int IndexOf(string nodeId) => Nodes.ToList().FindIndex(n => n.NodeId == nodeId);

    /// <summary>Members as node <paramref name="via"/> sees them: node id → (up, shards owned).</summary>
    public async Task<Dictionary<string, (bool Up, int Shards)>> MembersAsync(int via)
    {
        var cluster = await Clients[via].Http.GetFromJsonAsync<JsonElement>("/ops/v1/cluster");
        return cluster.GetProperty("members").EnumerateArray().ToDictionary(
            m => m.GetProperty("nodeId").GetString()!,
            m => (m.GetProperty("status").GetString() == "up", m.GetProperty("shardsOwned").GetInt32()));
    }

    /// <summary>Waits until <paramref name="up"/> members are up and share all shards evenly (±1).</summary>
    public async Task WaitBalancedAsync(int up, int via, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        var last = "";
        while (waited.Elapsed < within)
        {
            var members = await MembersAsync(via);
            var live = members.Values.Where(m => m.Up).ToList();
            var total = members.Values.Sum(m => m.Shards);
            last = string.Join(", ", members.Select(p => $"{p.Key}:{(p.Value.Up ? "up" : "down")}/{p.Value.Shards}"));
            if (live.Count == up && total > 0 && live.Sum(m => m.Shards) == total && live.All(m => Math.Abs(m.Shards - (total / up)) <= 1))
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{up} nodes did not share the shards evenly within {within.TotalSeconds} s: {last}");
    }

    /// <summary>The node id owning <paramref name="endpointId"/>'s shard, as node <paramref name="via"/> sees it.</summary>
    public async Task<string?> OwnerOfAsync(string endpointId, int via)
    {
        var placement = await Clients[via].Http.GetFromJsonAsync<JsonElement>($"/ops/v1/endpoints/{endpointId}");
        return placement.TryGetProperty("ownerNodeId", out var owner) && owner.ValueKind == JsonValueKind.String ? owner.GetString() : null;
    }

    /// <summary>Starts node <paramref name="index"/> again after a kill and logs in to it again.</summary>
    public async Task RestartAsync(int index)
    {
        await Nodes[index].StartAgainAsync();
        Clients[index].Dispose();
        Clients[index] = await NodeClient.LoginAsync(Nodes[index].BaseAddress, NodeProcess.AdminPassword);
    }

    /// <summary>CPU time of all running node processes.</summary>
    public TimeSpan CpuTime => Nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime);

    public string Settings => string.Join(" ", _sets.Where(s => s.StartsWith("caisey.cluster.", StringComparison.Ordinal) && s != "caisey.cluster.enabled=true"));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
            client.Dispose();
        foreach (var node in Nodes)
            await node.DisposeAsync();
    }
}
