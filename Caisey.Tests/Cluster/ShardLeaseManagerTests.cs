using System.Diagnostics;
using Caisey.Node.Cluster;
using Xunit.Abstractions;

namespace Caisey.Tests.Cluster;

/// <summary>Lease managers in one process against a real PostgreSQL, heartbeat 100 ms, lease 600 ms.</summary>
public sealed class ShardLeaseManagerTests(ITestOutputHelper output)
{
    /// <summary>No shard was acquired while another node's listener still held it (a crashed or downed node is not told:
    /// its successor legitimately takes over under a higher epoch), and acquisition epochs only rise.</summary>
    private static void AssertExclusive(ClusterHarness cluster, string? crashed = null)
    {
        var violations = cluster.Log.Violations(crashed is null ? null : new HashSet<string> { crashed });
        Assert.True(violations.Count == 0, $"{violations.Count} ownership violation(s), first: {string.Join(Environment.NewLine, violations.Take(2))}");
    }

    private static bool EvenSplit(IReadOnlyCollection<int> loads, int low, int high) => loads.All(l => l >= low && l <= high);

    [Fact]
    public async Task ThreeNodes_SplitAll256ShardsEvenly_EachShardHeldByExactlyOneNode()
    {
        await using var cluster = await ClusterHarness.CreateAsync();
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b"), await cluster.StartAsync("c") };

        var shards = await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 85, 86), "a, b and c to own 85 or 86 shards each");

        Assert.Equal(256, shards.Count);
        var held = nodes.SelectMany(n => n.Manager.HeldShards.Keys).ToList();
        Assert.Equal(256, held.Count);
        Assert.Equal(256, held.Distinct().Count());
        AssertExclusive(cluster);
        var members = nodes[0].Manager.Members();
        Assert.Equal(["a", "b", "c"], members.Select(m => m.NodeId).Order());
        Assert.All(members, m => Assert.Equal(MemberStatus.Up, m.Status));
    }

    [Fact]
    public async Task FourthNodeJoins_RebalancesTo64Each_DrainCompletesBeforeTheTargetAcquires_EpochsRise()
    {
        await using var cluster = await ClusterHarness.CreateAsync(lease: TimeSpan.FromSeconds(2));
        var three = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b"), await cluster.StartAsync("c") };
        var before = await cluster.SettledAsync(three, loads => EvenSplit(loads, 85, 86), "a, b and c to own 85 or 86 shards each");
        var mark = cluster.Log.Events.Count;

        var d = await cluster.StartAsync("d", drainTime: TimeSpan.FromMilliseconds(50));
        var after = await cluster.SettledAsync([.. three, d], loads => EvenSplit(loads, 64, 64), "a, b, c and d to own 64 shards each");

        var events = cluster.Log.Events.Skip(mark).ToList();
        var moved = after.Where(s => s.Owner == "d").ToList();
        Assert.Equal(64, moved.Count);
        foreach (var shard in moved)
        {
            var previous = before[shard.ShardId];
            var released = events.FirstOrDefault(e => e.Change == OwnershipChange.Released && e.ShardId == shard.ShardId && e.Node == previous.Owner);
            var acquired = events.FirstOrDefault(e => e.Change == OwnershipChange.Acquired && e.ShardId == shard.ShardId && e.Node == "d");
            Assert.True(released is not null, $"{previous.Owner} never drained shard {shard.ShardId} before handing it to d: {cluster.Log.History(shard.ShardId)}{Environment.NewLine}{string.Join(Environment.NewLine, cluster.Logs)}");
            Assert.True(acquired is not null, $"d was never told it acquired shard {shard.ShardId}");
            Assert.True(released.Sequence < acquired.Sequence && released.Timestamp <= acquired.Timestamp,
                $"d acquired shard {shard.ShardId} (#{acquired.Sequence}) before {previous.Owner} finished draining it (#{released.Sequence}): {cluster.Log.History(shard.ShardId)}{Environment.NewLine}{string.Join(Environment.NewLine, cluster.Logs)}");
            Assert.True(shard.Epoch > previous.Epoch, $"shard {shard.ShardId} moved to d under epoch {shard.Epoch}, not above {previous.Epoch}");
        }
        Assert.DoesNotContain(events, e => e.Change == OwnershipChange.Lost);
        AssertExclusive(cluster);
    }

    [Fact]
    public async Task GracefulLeave_MovesEveryShardToTheRest_NeverTwoOwnersAtOnce_ThenLeft()
    {
        await using var cluster = await ClusterHarness.CreateAsync(lease: TimeSpan.FromSeconds(2));
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b"), await cluster.StartAsync("c") };
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 85, 86), "a, b and c to own 85 or 86 shards each");
        var leaving = nodes[2].Manager.HeldShards;

        await nodes[2].Manager.LeaveAsync().WaitAsync(ClusterHarness.Bound);

        Assert.Equal("left", await cluster.StatusAsync("c"));
        Assert.Empty(nodes[2].Manager.HeldShards);
        await nodes[2].Loop.WaitAsync(ClusterHarness.Bound);
        var after = await cluster.SettledAsync(nodes[..2], loads => EvenSplit(loads, 128, 128), "a and b to own 128 shards each after c left");
        foreach (var (shardId, epoch) in leaving)
            Assert.True(after[shardId].Epoch > epoch, $"shard {shardId} left c under epoch {epoch} but now has {after[shardId].Epoch}");
        var events = cluster.Log.Events;
        Assert.Equal(leaving.Keys.Order(), events.Where(e => e.Node == "c" && e.Change == OwnershipChange.Released).Select(e => e.ShardId).Order());
        Assert.DoesNotContain(events, e => e.Change == OwnershipChange.Lost);
        AssertExclusive(cluster);
    }

    [Fact]
    public async Task RequestLeave_MakesAnotherNodeHandItsShardsOffOnItsNextTick()
    {
        await using var cluster = await ClusterHarness.CreateAsync(lease: TimeSpan.FromSeconds(2));
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b") };
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 128, 128), "a and b to own 128 shards each");

        await nodes[0].Manager.RequestLeaveAsync("b");

        await nodes[1].Manager.Stopped.WaitAsync(ClusterHarness.Bound);
        Assert.Equal("left", await cluster.StatusAsync("b"));
        await cluster.SettledAsync(nodes[..1], loads => EvenSplit(loads, 256, 256), "a to own every shard after b left");
        AssertExclusive(cluster);
        await Assert.ThrowsAsync<InvalidOperationException>(() => nodes[0].Manager.RequestLeaveAsync("b"));
    }

    [Fact]
    public async Task CrashedNode_ItsShardsMoveWithinLeasePlusATick_UnderHigherEpochs()
    {
        await using var cluster = await ClusterHarness.CreateAsync();
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b"), await cluster.StartAsync("c") };
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 85, 86), "a, b and c to own 85 or 86 shards each");
        var orphaned = nodes[2].Manager.HeldShards;

        var clock = Stopwatch.StartNew();
        await nodes[2].HaltAsync();
        var after = await cluster.SettledAsync(nodes[..2], loads => EvenSplit(loads, 128, 128), "a and b to take over c's shards, 128 each");
        var failover = clock.Elapsed;

        output.WriteLine($"failover of {orphaned.Count} shards took {failover.TotalMilliseconds:0} ms (lease {ClusterHarness.Lease.TotalMilliseconds} ms, tick {ClusterHarness.Heartbeat.TotalMilliseconds} ms)");
        foreach (var (shardId, epoch) in orphaned)
            Assert.True(after[shardId].Epoch > epoch, $"shard {shardId} was taken over under epoch {after[shardId].Epoch}, not above c's {epoch}");
        // A bound, not a speed figure (that is `bench failover`): the settle check polls, and 2 shared cores stall ticks —
        // a clean-clone CI run once read 2,757 ms against 1 s of slack. Failover that waited for anything but the lease
        // (a stop, a manual release) would still miss it.
        var slack = TimeSpan.FromSeconds(4);
        Assert.True(failover < ClusterHarness.Lease + ClusterHarness.Heartbeat + slack,
            $"failover took {failover.TotalMilliseconds:0} ms, more than lease + tick + {slack.TotalMilliseconds} ms slack");
        AssertExclusive(cluster, crashed: "c");
    }

    [Fact]
    public async Task DownedNode_ItsFenceAnswersNull_OnLostFires_AndItsShardsMoveUnderHigherEpochs()
    {
        await using var cluster = await ClusterHarness.CreateAsync();
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b"), await cluster.StartAsync("c") };
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 85, 86), "a, b and c to own 85 or 86 shards each");
        var downed = nodes[2].Manager.HeldShards;
        var entity = ClusterHarness.EntityInShard(downed.Keys.First());
        Assert.NotNull(nodes[2].Manager.For(entity));
        var mark = cluster.Log.Events.Count;

        var clock = Stopwatch.StartNew();
        await nodes[0].Manager.DownAsync("c");

        await nodes[2].Manager.Stopped.WaitAsync(ClusterHarness.Bound);
        Assert.Null(nodes[2].Manager.For(entity));
        Assert.Equal(MemberStatus.Down, nodes[2].Manager.Status);
        Assert.Equal(downed.Keys.Order(), cluster.Log.Events.Skip(mark).Where(e => e.Node == "c" && e.Change == OwnershipChange.Lost).Select(e => e.ShardId).Order());
        var after = await cluster.SettledAsync(nodes[..2], loads => EvenSplit(loads, 128, 128), "a and b to take over c's shards after it was downed");
        output.WriteLine($"downed node's {downed.Count} shards moved in {clock.Elapsed.TotalMilliseconds:0} ms");
        foreach (var (shardId, epoch) in downed)
            Assert.True(after[shardId].Epoch > epoch, $"shard {shardId} was taken over under epoch {after[shardId].Epoch}, not above c's {epoch}");
        Assert.Equal("down", await cluster.StatusAsync("c"));
        AssertExclusive(cluster, crashed: "c");
    }

    [Fact]
    public async Task PausedNode_ResumingAfterItsLeasesExpired_SeesThemLost_AndNeverReusesTheOldEpochs()
    {
        await using var cluster = await ClusterHarness.CreateAsync();
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b") };
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 128, 128), "a and b to own 128 shards each");
        var paused = nodes[1].Manager.HeldShards;
        var entity = ClusterHarness.EntityInShard(paused.Keys.First());

        await nodes[1].HaltAsync();
        await ClusterHarness.Eventually(() => Task.FromResult(nodes[1].Manager.For(entity) is null),
            () => "the paused node's fence to stop answering once its lease ran out locally");
        await cluster.SettledAsync(nodes[..1], loads => EvenSplit(loads, 256, 256), "a to take over every shard while b is paused");
        var mark = cluster.Log.Events.Count;

        nodes[1].Resume();
        await ClusterHarness.Eventually(
            () => Task.FromResult(cluster.Log.Events.Skip(mark).Count(e => e.Node == "b" && e.Change == OwnershipChange.Lost) == paused.Count),
            () => $"b to notice, on resuming, that it lost all {paused.Count} shards");
        await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 128, 128), "a and b to share the shards again after b resumed");

        var regained = cluster.Log.Events.Skip(mark).Where(e => e.Node == "b" && e.Change == OwnershipChange.Acquired).ToList();
        Assert.NotEmpty(regained);
        foreach (var e in regained.Where(e => paused.ContainsKey(e.ShardId)))
            Assert.True(e.Epoch > paused[e.ShardId], $"b regained shard {e.ShardId} under epoch {e.Epoch}, not above its old {paused[e.ShardId]}");
        var firstLost = cluster.Log.Events.Skip(mark).First(e => e.Node == "b" && e.Change == OwnershipChange.Lost);
        Assert.True(regained.All(e => e.Sequence > firstLost.Sequence), "b acquired a shard before noticing its old leases were gone");
        AssertExclusive(cluster, crashed: "b");
    }

    [Fact]
    public async Task Fence_AndDirectory_AnswerTheEpochForAHeldShard_AndNullWhereTheShardIsHeldElsewhere()
    {
        await using var cluster = await ClusterHarness.CreateAsync();
        var nodes = new[] { await cluster.StartAsync("a"), await cluster.StartAsync("b") };
        var shards = await cluster.SettledAsync(nodes, loads => EvenSplit(loads, 128, 128), "a and b to own 128 shards each");
        var ofA = shards.First(s => s.Owner == "a");
        var entity = ClusterHarness.EntityInShard(ofA.ShardId);

        Assert.Equal(new Caisey.Node.Journal.WriteFence(ofA.ShardId, ofA.Epoch), nodes[0].Manager.For(entity));
        Assert.Null(nodes[1].Manager.For(entity));
        await ClusterHarness.Eventually(() => Task.FromResult(nodes[1].Manager.OwnerOf(entity) is not null), () => "b's directory to name the owner");
        Assert.Equal(new ShardOwner("a", "http://a.test:5080", ofA.Epoch), nodes[1].Manager.OwnerOf(entity));
        Assert.Equal(ofA.ShardId, nodes[1].Manager.ShardOf(entity));
        var a = nodes[1].Manager.Members().Single(m => m.NodeId == "a");
        Assert.Equal(128, a.ShardsOwned);
        Assert.True(a.HeartbeatAge < ClusterHarness.Lease, $"a's heartbeat is {a.HeartbeatAge} old");
    }
}
