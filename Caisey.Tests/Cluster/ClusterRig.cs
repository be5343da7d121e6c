using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Agent;
using Caisey.Tests.EndToEnd;
using Caisey.Tests.Support;
using Xunit.Abstractions;

namespace Caisey.Tests.Cluster;

/// <summary>
/// A real cluster on loopback: a fresh PostgreSQL database and N node processes sharing it (journal, stores, leases),
/// each with its own port and data directory, plus real agent processes whose rotation lists every node. Timings are
/// short (heartbeat 200 ms, lease 2 s) so failover tests finish quickly; semantics are production's.
/// </summary>
public sealed class ClusterRig : IAsyncDisposable
{
    public static readonly string[] FastCluster =
    [
        "caisey.cluster.heartbeat-interval=200ms",
        "caisey.cluster.lease-duration=2s",
        "caisey.cluster.node-timeout=2s",
        "caisey.cluster.handoff-timeout=5s",
        "caisey.cluster.route-timeout=20s",
    ];

    private readonly ITestOutputHelper _output;
    private readonly TestDatabase _database;
    private readonly TempDirectory _dir = new();
    private readonly List<MachineAgent> _agents = [];

    private ClusterRig(ITestOutputHelper output, TestDatabase database, List<NodeProcessHost> nodes, List<NodeApi> apis)
    {
        _output = output;
        _database = database;
        Nodes = nodes;
        Apis = apis;
        SideEffects = new SideEffectLog(_dir.File("ran.log"));
    }

    public IReadOnlyList<NodeProcessHost> Nodes { get; }

    /// <summary>The admin API of each node, same index as <see cref="Nodes"/>.</summary>
    public IReadOnlyList<NodeApi> Apis { get; }

    public SideEffectLog SideEffects { get; }

    public string ConnectionString => _database.ConnectionString;

    public static string NodeId(int index) => $"n{index + 1}";

    public string Url(int index) => Nodes[index].BaseAddress.ToString().TrimEnd('/');

    public static async Task<ClusterRig> StartAsync(ITestOutputHelper output, int nodes = 3)
    {
        Poll.Log = output.WriteLine;
        var database = await PostgresServer.CreateDatabaseAsync();
        var hosts = new List<NodeProcessHost>();
        var apis = new List<NodeApi>();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                hosts.Add(await NodeProcessHost.StartAsync(
                [
                    .. EndToEndRig.FastBridge, .. FastCluster,
                    "caisey.journal.provider=postgres",
                    $"caisey.journal.postgres.connection-string=\"{database.ConnectionString}\"",
                    "caisey.cluster.enabled=true",
                    $"caisey.node.node-id={NodeId(i)}",
                ]));
                apis.Add(await NodeApi.LoginAsync(hosts[^1]));
            }
            var rig = new ClusterRig(output, database, hosts, apis);
            await rig.WaitBalancedAsync(nodes, TimeSpan.FromSeconds(30));
            return rig;
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine($"==== node {host.Port} ====\n{host.Output}");
                await host.DisposeAsync();
            }
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cluster members as node <paramref name="via"/> sees them: node id → (status, shards owned); a member whose
    /// heartbeat is older than the node timeout shows as <c>unreachable</c> (unless it left or was downed).</summary>
    public async Task<Dictionary<string, (string Status, int Shards)>> MembersAsync(int via)
    {
        var cluster = await Apis[via].Http.GetFromJsonAsync<JsonElement>("/ops/v1/cluster");
        return cluster.GetProperty("members").EnumerateArray().ToDictionary(
            m => m.GetProperty("nodeId").GetString()!,
            m => (m.GetProperty("status").GetString() is "up" or "leaving" && m.GetProperty("lastHeartbeatAgeMs").GetInt64() > 2000
                    ? "unreachable" : m.GetProperty("status").GetString()!,
                  m.GetProperty("shardsOwned").GetInt32()));
    }

    /// <summary>Waits until <paramref name="upNodes"/> members are up and every one of the 256 shards has a live owner.</summary>
    public Task WaitBalancedAsync(int upNodes, TimeSpan within, int via = 0) =>
        Poll.UntilAsync(() => MembersAsync(via),
            m => m.Values.Count(v => v.Status == "up") == upNodes && m.Values.Sum(v => v.Shards) == 256
                 && m.Values.Where(v => v.Status == "up").All(v => Math.Abs(v.Shards - (256 / upNodes)) <= 1),
            within, $"{upNodes} nodes up sharing all 256 shards evenly",
            m => string.Join(", ", m.Select(p => $"{p.Key}:{p.Value.Status}/{p.Value.Shards}")));

    /// <summary>The node id owning <paramref name="endpointId"/>'s shard, as node <paramref name="via"/> sees it.</summary>
    public async Task<string?> OwnerOfAsync(string endpointId, int via = 0)
    {
        var placement = await Apis[via].Http.GetFromJsonAsync<JsonElement>($"/ops/v1/endpoints/{endpointId}");
        return placement.TryGetProperty("ownerNodeId", out var owner) && owner.ValueKind == JsonValueKind.String ? owner.GetString() : null;
    }

    public int IndexOf(string nodeId) => int.Parse(nodeId[1..], System.Globalization.CultureInfo.InvariantCulture) - 1;

    /// <summary>Enrolls a machine through node <paramref name="via"/>; its agent will rotate over every node, starting at <paramref name="via"/>.</summary>
    public async Task<MachineAgent> EnrollAsync(string name, int via)
    {
        var token = await Apis[via].CreateEnrollmentTokenAsync();
        var agent = await MachineAgent.EnrollAsync(name, _dir.File(name), Url(via), token);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Starts the agent with every node in its rotation, <paramref name="first"/> first.</summary>
    public void StartAgent(MachineAgent agent, int first)
    {
        var urls = Enumerable.Range(0, Nodes.Count).Select(i => Url((first + i) % Nodes.Count));
        agent.Start($"caisey.agent.server-urls=[{string.Join(", ", urls.Select(u => $"\"{u}\""))}]", "caisey.agent.transport-failures-before-rotation=1");
    }

    public async ValueTask DisposeAsync()
    {
        Poll.Log = null;
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
            _output.WriteLine($"==== agent {agent.Name} ({agent.EndpointId}) ====\n{Tail(agent.Output)}");
        }
        foreach (var api in Apis)
            api.Dispose();
        for (var i = 0; i < Nodes.Count; i++)
        {
            await Nodes[i].DisposeAsync();
            _output.WriteLine($"==== node {NodeId(i)} ({Url(i)}) ====\n{Tail(Nodes[i].Output)}");
            try
            {
                Directory.Delete(Nodes[i].DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 150)));
    }
}
