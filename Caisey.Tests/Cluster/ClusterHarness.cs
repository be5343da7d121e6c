using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Caisey.Node.Cluster;
using Caisey.Node.Storage;
using Caisey.Tests.Support;
using Npgsql;

namespace Caisey.Tests.Cluster;

/// <summary>Several lease managers in one process against a fresh real PostgreSQL database, with short timings.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(600);
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TestDatabase _database;
    private readonly List<ClusterTestNode> _nodes = [];

    private readonly TimeSpan _lease;

    private ClusterHarness(TestDatabase database, TimeSpan lease)
    {
        _database = database;
        _lease = lease;
    }

    public OwnershipLog Log { get; } = new();

    public ConcurrentQueue<string> Logs { get; } = new();

    private readonly long _start = Stopwatch.GetTimestamp();

    /// <param name="lease">Lease duration and node timeout; tests of graceful handoff ordering pass a longer one, so that a
    /// stall of this shared machine (every node losing every lease at once) does not turn a handoff into a failover.</param>
    public static async Task<ClusterHarness> CreateAsync(TimeSpan? lease = null) => new(await PostgresServer.CreateDatabaseAsync(), lease ?? Lease);

    public ClusterOptions Options(string nodeId) => new()
    {
        Enabled = true,
        NodeId = nodeId,
        AdvertisedUrl = $"http://{nodeId}.test:5080",
        HeartbeatInterval = Heartbeat,
        LeaseDuration = _lease,
        NodeTimeout = _lease,
        HandoffTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Creates a node, joins it (tables exist afterwards) and starts its loop.</summary>
    public async Task<ClusterTestNode> StartAsync(string nodeId, TimeSpan? drainTime = null)
    {
        var node = new ClusterTestNode(Options(nodeId), new PostgresDatabase(_database.ConnectionString), Log.For(nodeId, drainTime ?? TimeSpan.FromMilliseconds(20)),
            new CollectingLogger<ShardLeaseManager>(nodeId, Logs, _start));
        _nodes.Add(node);
        await node.Manager.JoinAsync();
        node.Resume();
        return node;
    }

    /// <summary>The lease rows as the database holds them now.</summary>
    public async Task<IReadOnlyList<ShardState>> ShardsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT shard_id, owner_node_id, epoch, lease_expires_at, COALESCE(lease_expires_at > clock_timestamp(), false), handoff_to FROM cluster_shards ORDER BY shard_id",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var shards = new List<ShardState>();
        while (await reader.ReadAsync())
            shards.Add(new ShardState(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return shards;
    }

    public async Task<string?> StatusAsync(string nodeId)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM cluster_nodes WHERE node_id = @n", connection);
        command.Parameters.AddWithValue("n", nodeId);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Live leases per owner, from the database.</summary>
    public async Task<Dictionary<string, int>> LoadsAsync() =>
        (await ShardsAsync()).Where(s => s.LiveOwner is not null).CountBy(s => s.LiveOwner!).ToDictionary();

    /// <summary>Waits until every shard has a live owner among <paramref name="nodes"/>, nothing is being handed off, the loads
    /// satisfy <paramref name="balanced"/>, each node holds in memory exactly what the database says it owns, and each
    /// owner's listener has been told.</summary>
    public async Task<IReadOnlyList<ShardState>> SettledAsync(IReadOnlyList<ClusterTestNode> nodes, Func<IReadOnlyCollection<int>, bool> balanced, string expectation)
    {
        IReadOnlyList<ShardState> shards = [];
        await Eventually(async () =>
        {
            shards = await ShardsAsync();
            var ids = nodes.Select(n => n.Id).ToHashSet();
            if (shards.Any(s => s.LiveOwner is null || !ids.Contains(s.LiveOwner) || s.HandoffTo is not null))
                return false;
            var loads = nodes.Select(n => shards.Count(s => s.Owner == n.Id)).ToList();
            var told = Log.Holders();
            return balanced(loads)
                && nodes.All(n => n.Manager.HeldShards.OrderBy(kv => kv.Key)
                    .SequenceEqual(shards.Where(s => s.Owner == n.Id).Select(s => KeyValuePair.Create(s.ShardId, s.Epoch))))
                && shards.All(s => told.GetValueOrDefault(s.ShardId) == s.Owner);
        }, () => $"{expectation}; the database has {Describe(shards)}");
        return shards;
    }

    public static async Task Eventually(Func<Task<bool>> condition, Func<string> expectation, TimeSpan? within = null)
    {
        var limit = within ?? Bound;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
                Assert.Fail($"Expected within {limit.TotalSeconds:0.#} s: {expectation()}");
            await Task.Delay(20);
        }
    }

    public static string Describe(IReadOnlyList<ShardState> shards) =>
        string.Join(", ", shards.GroupBy(s => s.LiveOwner ?? "(no live owner)").OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))
        + $"; handoffs pending: {shards.Count(s => s.HandoffTo is not null)}";

    public static string EntityInShard(int shardId)
    {
        for (var i = 0; ; i++)
            if (ShardMap.ShardOf($"endpoint-{i}") == shardId)
                return $"endpoint-{i}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One in-process node: its manager and its loop, which a test may cancel (crash, pause) and run again (resume).</summary>
internal sealed class ClusterTestNode(ClusterOptions options, PostgresDatabase database, IShardOwnershipListener listener, ILogger<ShardLeaseManager> logger) : IAsyncDisposable
{
    private CancellationTokenSource? _loop;
    private Task _running = Task.CompletedTask;

    public string Id => options.NodeId;

    public ShardLeaseManager Manager { get; } = new(
        options, new ShardLeaseStore(database), TimeProvider.System, logger, listener);

    public Task Loop => _running;

    public void Resume()
    {
        _loop = new CancellationTokenSource();
        var token = _loop.Token;
        _running = Task.Run(() => Manager.RunAsync(token));
    }

    /// <summary>Stops the loop without releasing anything: a crash or a pause, as far as the cluster can tell.</summary>
    public async Task HaltAsync()
    {
        if (_loop is null)
            return;
        await _loop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _loop.Dispose();
        _loop = null;
    }

    public async ValueTask DisposeAsync()
    {
        await HaltAsync();
        await database.DisposeAsync();
    }
}
