using Caisey.Node.Cluster;
using Caisey.Node.Reachability;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Cluster;

/// <summary>Reachability on a node that does not hold the machine's bridge: only its current owner's word counts.</summary>
public sealed class ClusterReachabilityTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Directory _directory = new();

    [Fact]
    public void An_endpoint_owned_elsewhere_shows_what_its_owner_published()
    {
        using var reachability = Create(out _);
        _directory.Owner = "n2";

        reachability.ApplyRemote("n2", "ep-1", Reachable());

        Assert.Equal(ReachabilityStates.Reachable, reachability.Get("ep-1").State);
        Assert.Equal(1.5, reachability.Get("ep-1").LastRttMs);
    }

    [Fact]
    public void A_view_from_a_node_that_no_longer_owns_the_endpoint_never_says_reachable()
    {
        using var reachability = Create(out _);
        _directory.Owner = "n2";
        reachability.ApplyRemote("n2", "ep-1", Reachable());

        _directory.Owner = "n3"; // n2 died or handed the shard off; n3 has not published anything yet

        var view = reachability.Get("ep-1");
        Assert.Equal(ReachabilityStates.Unreachable, view.State);
        Assert.Null(view.LastRttMs);
        _directory.Owner = null; // the shard is moving
        Assert.Equal(ReachabilityStates.Unreachable, reachability.Get("ep-1").State);
    }

    [Fact]
    public void An_endpoint_owned_here_is_read_from_this_nodes_bridge_and_its_changes_are_published()
    {
        using var reachability = Create(out var local);
        _directory.Owner = "n1";
        var published = new List<(string Id, string State)>();
        reachability.LocalChanged += (id, view) => published.Add((id, view.State));
        reachability.ApplyRemote("n2", "ep-1", Reachable()); // a stale view from the former owner

        var session = new object();
        local.SessionOpened("ep-1", session, "websocket");
        local.RoundTrip("ep-1", session, TimeSpan.FromMilliseconds(2));

        Assert.Equal(ReachabilityStates.Reachable, reachability.Get("ep-1").State);
        Assert.Equal(2, reachability.Get("ep-1").LastRttMs);
        Assert.Contains(("ep-1", ReachabilityStates.Reachable), published);
        _time.Advance(TimeSpan.FromSeconds(16)); // past the freshness window: the proof lapses here too
        Assert.NotEqual(ReachabilityStates.Reachable, reachability.Get("ep-1").State);
    }

    private ClusterReachability Create(out ReachabilityTracker local)
    {
        local = new ReachabilityTracker(new ReachabilityOptions { FreshFor = TimeSpan.FromSeconds(15) }, _time);
        return new ClusterReachability(local, _directory, new ClusterOptions { NodeId = "n1" });
    }

    private ReachabilityView Reachable() =>
        new(ReachabilityStates.Reachable, _time.GetUtcNow(), _time.GetUtcNow(), 1.5, null, null, "websocket");

    private sealed class Directory : IShardDirectory
    {
        public string? Owner { get; set; }

        public int ShardOf(string entityId) => ShardMap.ShardOf(entityId);

        public ShardOwner? OwnerOf(string entityId) => Owner is { } owner ? new ShardOwner(owner, $"http://{owner}", 1) : null;
    }
}
