namespace Caisey.Node.Cluster;

/// <summary>
/// Pure shard allocation: fair share, least-loaded placement of free shards, the rebalance plan when a member joins,
/// and the handoff plan when one leaves. No I/O and no clock: every node computes the same plan from the same view,
/// and carries out only its own part of it.
/// </summary>
/// <remarks>
/// A member's load counts the live leases it holds; a shard already marked for handoff counts at its target.
/// Ties are broken by node id (ordinal), so that plans agree across nodes.
/// </remarks>
public static class ShardAllocator
{
    /// <summary>ceil(<paramref name="shardCount"/> / <paramref name="liveMembers"/>); 0 when nobody is live.</summary>
    public static int FairShare(int shardCount, int liveMembers) =>
        liveMembers <= 0 ? 0 : (shardCount + liveMembers - 1) / liveMembers;

    /// <summary>What <paramref name="self"/> does this tick, given the view it just read.</summary>
    /// <remarks>Free shards are placed first (up to the fair share, least-loaded first); only when none is free do members
    /// hand shards off, until loads differ by at most one.</remarks>
    public static AllocationPlan Plan(ClusterView view, string self, int shardCount, TimeSpan nodeTimeout)
    {
        var me = view.Members.FirstOrDefault(m => m.NodeId == self);
        if (me is null || me.Status is MemberStatus.Down or MemberStatus.Left)
            return AllocationPlan.Nothing;
        var live = LiveUpMembers(view, self, nodeTimeout);
        if (me.Status == MemberStatus.Leaving)
        {
            var remaining = live.Where(m => m != self).ToHashSet(StringComparer.Ordinal);
            var pending = view.Shards
                .Where(s => s.LiveOwner == self && (s.HandoffTo is null || !remaining.Contains(s.HandoffTo)))
                .Select(s => s.ShardId).ToList();
            return new AllocationPlan(0, PlanLeave(self, pending, Loads(view, remaining)));
        }

        var fair = FairShare(shardCount, live.Count);
        var loads = Loads(view, live);
        // A free shard still marked for a live member (its owner's lease ran out mid-handoff) is that member's to take.
        var reserved = view.Shards.Where(s => s.LiveOwner is null && s.HandoffTo is { } to && live.Contains(to)).ToList();
        var open = view.Shards.Count(s => s.LiveOwner is null && (s.HandoffTo is null || !live.Contains(s.HandoffTo)));
        if (open + reserved.Count > 0)
        {
            var mine = reserved.Count(s => s.HandoffTo == self);
            var assigned = Math.Min(AssignFree(open, loads, fair).GetValueOrDefault(self), Math.Max(0, fair - loads[self]));
            return new AllocationPlan(mine + assigned, []);
        }
        var movable = live.ToDictionary(
            m => m,
            m => (IReadOnlyList<int>)view.Shards.Where(s => s.LiveOwner == m && s.HandoffTo is null).Select(s => s.ShardId).Order().ToList(),
            StringComparer.Ordinal);
        var handoffs = PlanRebalance(movable, loads).Where(h => h.From == self).ToList();
        return new AllocationPlan(0, handoffs);
    }

    /// <summary>Members that may own shards: status <c>up</c> and a heartbeat younger than <paramref name="nodeTimeout"/>
    /// (<paramref name="self"/> counts while it is up, having just heartbeated).</summary>
    public static HashSet<string> LiveUpMembers(ClusterView view, string self, TimeSpan nodeTimeout) =>
        view.Members
            .Where(m => m.Status == MemberStatus.Up && (m.NodeId == self || m.HeartbeatAge < nodeTimeout))
            .Select(m => m.NodeId)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Live leases per member of <paramref name="members"/>; a shard marked for handoff to a member counts at that member.</summary>
    public static Dictionary<string, int> Loads(ClusterView view, IReadOnlySet<string> members)
    {
        var loads = members.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var shard in view.Shards)
        {
            if (shard.HandoffTo is { } target && members.Contains(target))
                loads[target]++;
            else if (shard.LiveOwner is { } owner && members.Contains(owner))
                loads[owner]++;
        }
        return loads;
    }

    /// <summary>Places <paramref name="free"/> shards one at a time on the least-loaded member still below <paramref name="fairShare"/>.</summary>
    public static Dictionary<string, int> AssignFree(int free, IReadOnlyDictionary<string, int> loads, int fairShare)
    {
        var load = new Dictionary<string, int>(loads, StringComparer.Ordinal);
        var assigned = loads.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        for (var i = 0; i < free; i++)
        {
            var receiver = LeastLoaded(load, fairShare, exclude: null);
            if (receiver is null)
                break;
            load[receiver]++;
            assigned[receiver]++;
        }
        return assigned;
    }

    /// <summary>Evens the loads out until they differ by at most one: each step takes the highest movable shard of the
    /// most-loaded member and gives it to the least-loaded one. A newcomer thus receives every owner's excess.</summary>
    /// <param name="movable">Each member's shards that may move (not already being handed off).</param>
    /// <param name="loads">Each member's load, including shards already on their way to it.</param>
    public static IReadOnlyList<ShardHandoff> PlanRebalance(
        IReadOnlyDictionary<string, IReadOnlyList<int>> movable, IReadOnlyDictionary<string, int> loads)
    {
        var load = new Dictionary<string, int>(loads, StringComparer.Ordinal);
        var stacks = movable.ToDictionary(kv => kv.Key, kv => new Stack<int>(kv.Value.Order()), StringComparer.Ordinal);
        var plan = new List<ShardHandoff>();
        while (true)
        {
            var giver = load
                .Where(kv => stacks.TryGetValue(kv.Key, out var s) && s.Count > 0)
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => kv.Key).FirstOrDefault();
            var receiver = giver is null ? null : LeastLoaded(load, int.MaxValue, exclude: giver);
            if (giver is null || receiver is null || load[giver] - load[receiver] < 2)
                break;
            plan.Add(new ShardHandoff(stacks[giver].Pop(), giver, receiver));
            load[giver]--;
            load[receiver]++;
        }
        return plan;
    }

    /// <summary>Hands every shard of a leaving member to the least-loaded remaining member; with none left, releases them.</summary>
    public static IReadOnlyList<ShardHandoff> PlanLeave(string leaving, IReadOnlyList<int> shards, IReadOnlyDictionary<string, int> loads)
    {
        var load = new Dictionary<string, int>(loads, StringComparer.Ordinal);
        var plan = new List<ShardHandoff>(shards.Count);
        foreach (var shard in shards.Order())
        {
            var receiver = LeastLoaded(load, int.MaxValue, exclude: leaving);
            if (receiver is not null)
                load[receiver]++;
            plan.Add(new ShardHandoff(shard, leaving, receiver));
        }
        return plan;
    }

    private static string? LeastLoaded(Dictionary<string, int> load, int below, string? exclude) =>
        load.Where(kv => kv.Value < below && kv.Key != exclude)
            .OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).FirstOrDefault();
}
