using Caisey.Node.Cluster;

namespace Caisey.Tests.Cluster;

/// <summary>The pure allocation rules, without a database.</summary>
public sealed class ShardAllocatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static MemberState Member(string id, MemberStatus status = MemberStatus.Up, double heartbeatAgeSeconds = 0.1) =>
        new(id, $"http://{id}:5080", status, TimeSpan.FromSeconds(heartbeatAgeSeconds), 0);

    /// <summary>A view of <paramref name="shardCount"/> shards, owned per <paramref name="owners"/> (null: free), all leases live.</summary>
    private static ClusterView View(IReadOnlyList<MemberState> members, int shardCount, Func<int, string?> owners) =>
        new(members, Enumerable.Range(0, shardCount).Select(i => owners(i) is { } o
            ? new ShardState(i, o, 1, DateTimeOffset.UnixEpoch, LeaseLive: true, HandoffTo: null)
            : new ShardState(i, null, 0, null, LeaseLive: false, HandoffTo: null)).ToList());

    [Theory]
    [InlineData(256, 1, 256)]
    [InlineData(256, 3, 86)]
    [InlineData(256, 4, 64)]
    [InlineData(256, 5, 52)]
    [InlineData(256, 0, 0)]
    public void FairShare_IsTheCeilingOfShardsOverLiveMembers(int shards, int members, int expected) =>
        Assert.Equal(expected, ShardAllocator.FairShare(shards, members));

    [Fact]
    public void AssignFree_GivesShardsToTheLeastLoadedFirst_AndNobodyAboveFairShare()
    {
        var assigned = ShardAllocator.AssignFree(10, new Dictionary<string, int> { ["a"] = 60, ["b"] = 62, ["c"] = 64 }, fairShare: 64);

        Assert.Equal(4, assigned["a"]); // 60 → 64
        Assert.Equal(2, assigned["b"]); // 62 → 64
        Assert.Equal(0, assigned["c"]);
    }

    [Fact]
    public void Plan_OnAnEmptyCluster_EachOfThreeNodesAcquiresItsPart_Totalling256()
    {
        var members = new[] { Member("a"), Member("b"), Member("c") };
        var view = View(members, 256, _ => null);

        var parts = members.Select(m => ShardAllocator.Plan(view, m.NodeId, 256, Timeout).Acquire).ToList();

        Assert.Equal(256, parts.Sum());
        Assert.All(parts, p => Assert.InRange(p, 85, 86));
    }

    [Fact]
    public void Plan_ExpiredLeasesAreFree_AndAnUnreachableMemberGetsNone()
    {
        var members = new[] { Member("a"), Member("b"), Member("c", heartbeatAgeSeconds: 5) };
        // c's leases expired: those shards are free; a and b each hold 64.
        var view = new ClusterView(members, Enumerable.Range(0, 256).Select(i => i switch
        {
            < 64 => new ShardState(i, "a", 3, null, LeaseLive: true, HandoffTo: null),
            < 128 => new ShardState(i, "b", 3, null, LeaseLive: true, HandoffTo: null),
            _ => new ShardState(i, "c", 3, null, LeaseLive: false, HandoffTo: null),
        }).ToList());

        Assert.Equal(64, ShardAllocator.Plan(view, "a", 256, Timeout).Acquire);
        Assert.Equal(64, ShardAllocator.Plan(view, "b", 256, Timeout).Acquire);
        Assert.DoesNotContain("c", ShardAllocator.LiveUpMembers(view, "a", Timeout));
    }

    [Fact]
    public void Plan_WhenAFourthNodeJoins_EachOwnerHandsItsExcessToTheNewcomer_EndingAt64Each()
    {
        var members = new[] { Member("a"), Member("b"), Member("c"), Member("d") };
        var view = View(members, 256, i => i < 86 ? "a" : i < 171 ? "b" : "c"); // 86, 85, 85, 0

        var handoffs = members.SelectMany(m => ShardAllocator.Plan(view, m.NodeId, 256, Timeout).Handoffs).ToList();

        Assert.All(handoffs, h => Assert.Equal("d", h.To));
        Assert.Equal(22, handoffs.Count(h => h.From == "a"));
        Assert.Equal(21, handoffs.Count(h => h.From == "b"));
        Assert.Equal(21, handoffs.Count(h => h.From == "c"));
        Assert.All(handoffs, h => Assert.Equal(h.From, view.Shards[h.ShardId].Owner));
        Assert.Equal(64, handoffs.Select(h => h.ShardId).Distinct().Count());
    }

    [Fact]
    public void Plan_WhileFreeShardsRemain_NobodyRebalances()
    {
        var members = new[] { Member("a"), Member("b") };
        var view = View(members, 256, i => i < 200 ? "a" : null);

        var plan = ShardAllocator.Plan(view, "a", 256, Timeout);

        Assert.Empty(plan.Handoffs);
        Assert.Equal(56, ShardAllocator.Plan(view, "b", 256, Timeout).Acquire);
    }

    [Fact]
    public void PlanRebalance_CountsShardsAlreadyOnTheirWayAsTheTargetsLoad()
    {
        var members = new[] { Member("a"), Member("b") };
        // a owns everything; 100 of its shards are already marked for b.
        var view = new ClusterView(members, Enumerable.Range(0, 256)
            .Select(i => new ShardState(i, "a", 1, null, LeaseLive: true, HandoffTo: i < 100 ? "b" : null)).ToList());

        var plan = ShardAllocator.Plan(view, "a", 256, Timeout);

        Assert.Equal(28, plan.Handoffs.Count); // a counts 156, b 100: 28 more make 128 each
        Assert.All(plan.Handoffs, h => Assert.True(h.ShardId >= 100, $"shard {h.ShardId} is already on its way"));
    }

    [Fact]
    public void PlanRebalance_EvensLoadsThatDifferByTwo_FromTheMostToTheLeastLoaded()
    {
        var movable = new Dictionary<string, IReadOnlyList<int>> { ["a"] = [0, 1, 2], ["b"] = [3, 4, 5], ["c"] = [6] };

        var plan = ShardAllocator.PlanRebalance(movable, new Dictionary<string, int> { ["a"] = 86, ["b"] = 86, ["c"] = 84 });

        Assert.Equal([new ShardHandoff(2, "a", "c")], plan);
    }

    [Fact]
    public void PlanRebalance_OfABalancedCluster_IsEmpty()
    {
        var members = new[] { Member("a"), Member("b"), Member("c") };
        var view = View(members, 256, i => (i % 3) switch { 0 => "a", 1 => "b", _ => "c" });

        Assert.All(members, m => Assert.Equal(AllocationPlan.Nothing.Handoffs, ShardAllocator.Plan(view, m.NodeId, 256, Timeout).Handoffs));
    }

    [Fact]
    public void Plan_OfALeavingNode_SpreadsAllItsShardsOverTheLeastLoaded_AndReleasesWhenNobodyRemains()
    {
        var view = View([Member("a"), Member("b"), Member("c", MemberStatus.Leaving)], 256, i => i < 90 ? "a" : i < 170 ? "b" : "c");

        var plan = ShardAllocator.Plan(view, "c", 256, Timeout);

        Assert.Equal(86, plan.Handoffs.Count);
        Assert.Equal(38, plan.Handoffs.Count(h => h.To == "a")); // 90 + 38 = 128
        Assert.Equal(48, plan.Handoffs.Count(h => h.To == "b")); // 80 + 48 = 128

        var alone = View([Member("c", MemberStatus.Leaving)], 4, _ => "c");
        Assert.All(ShardAllocator.Plan(alone, "c", 4, Timeout).Handoffs, h => Assert.Null(h.To));
        Assert.Equal(4, ShardAllocator.Plan(alone, "c", 4, Timeout).Handoffs.Count);
    }

    [Fact]
    public void Plan_AFreeShardStillMarkedForALiveMember_IsThatMembersToTake()
    {
        var members = new[] { Member("a"), Member("b"), Member("c") };
        // a's lease on shard 0 ran out while it was handing it to b: only b may take it, whoever is least loaded.
        var shards = Enumerable.Range(0, 256).Select(i => i switch
        {
            0 => new ShardState(0, "a", 4, null, LeaseLive: false, HandoffTo: "b"),
            < 86 => new ShardState(i, "a", 1, null, LeaseLive: true, HandoffTo: null),
            < 171 => new ShardState(i, "b", 1, null, LeaseLive: true, HandoffTo: null),
            _ => new ShardState(i, "c", 1, null, LeaseLive: true, HandoffTo: null),
        }).ToList();
        var view = new ClusterView(members, shards);

        Assert.Equal(1, ShardAllocator.Plan(view, "b", 256, Timeout).Acquire);
        Assert.Equal(0, ShardAllocator.Plan(view, "a", 256, Timeout).Acquire);
        Assert.Equal(0, ShardAllocator.Plan(view, "c", 256, Timeout).Acquire);
    }

    [Fact]
    public void Plan_OfADownedNode_IsNothing()
    {
        var view = View([Member("a"), Member("c", MemberStatus.Down)], 8, _ => null);

        Assert.Same(AllocationPlan.Nothing, ShardAllocator.Plan(view, "c", 8, Timeout));
    }
}
