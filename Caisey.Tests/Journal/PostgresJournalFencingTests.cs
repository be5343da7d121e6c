using Caisey.Node.Cluster;
using Caisey.Node.Journal;
using Npgsql;

namespace Caisey.Tests.Journal;

/// <summary>Appends fenced by the shard lease in <c>cluster_shards</c>, on a real PostgreSQL.</summary>
public sealed class PostgresJournalFencingTests : PostgresJournalFixture
{
    private const string Entity = "ep-fenced";
    private static readonly int Shard = ShardMap.ShardOf(Entity);

    private Task LeaseAsync(int shard, string owner, long epoch, string expires = "clock_timestamp() + interval '1 hour'") =>
        ScalarAsync($"UPDATE cluster_shards SET owner_node_id = '{owner}', epoch = {epoch}, lease_expires_at = {expires} WHERE shard_id = {shard}");

    private async Task<long> StoredRowsAsync() => (long)(await ScalarAsync("SELECT count(*) FROM journal_events"))!;

    [Fact]
    public async Task Append_UnderTheCurrentLease_StoresTheEpochInEachRow()
    {
        await LeaseAsync(Shard, "a", 7);
        Fence.Hold(Shard, 7);

        Assert.Equal(2, await Journal.AppendAsync(Entity, 0, [new TestEventHappened("x"), new TestEventHappened("y")]));

        Assert.Equal("7,7", await ScalarAsync($"SELECT string_agg(epoch::text, ',' ORDER BY seq) FROM journal_events WHERE persistence_id = '{Entity}'"));
    }

    [Fact]
    public async Task Append_WithAStaleEpoch_IsFencedAndStoresNothing()
    {
        await LeaseAsync(Shard, "a", 2);
        Fence.Hold(Shard, 1);

        var e = await Assert.ThrowsAsync<JournalFencedException>(() => AppendAsync(Entity, 0, "stale"));

        Assert.Equal((Entity, Shard, 1L), (e.PersistenceId, e.ShardId, e.Epoch));
        Assert.Equal(0, await StoredRowsAsync());
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(Entity));
    }

    [Fact]
    public async Task Append_WhenAnotherNodeOwnsTheShard_IsFenced()
    {
        await LeaseAsync(Shard, "b", 3);
        Fence.Hold(Shard, 3);

        await Assert.ThrowsAsync<JournalFencedException>(() => AppendAsync(Entity, 0, "not mine"));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Append_AfterTheLeaseExpired_IsFencedAndStoresNothing()
    {
        await LeaseAsync(Shard, "a", 4, expires: "clock_timestamp() - interval '1 second'");
        Fence.Hold(Shard, 4);

        await Assert.ThrowsAsync<JournalFencedException>(() => AppendAsync(Entity, 0, "late"));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Append_WithoutALeaseForItsShard_IsFencedBeforeTheWriter()
    {
        var batchesBefore = Journal.Stats.Batches;

        var e = await Assert.ThrowsAsync<JournalFencedException>(() => AppendAsync(Entity, 0, "no lease"));

        Assert.Null(e.Epoch);
        Assert.Equal(batchesBefore, Journal.Stats.Batches);
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task FencedAppend_InABatch_FailsAloneWhileItsNeighbourCommits()
    {
        var neighbour = Enumerable.Range(0, 1000).Select(i => $"ep-{i}").First(id => ShardMap.ShardOf(id) != Shard);
        var neighbourShard = ShardMap.ShardOf(neighbour);
        await LeaseAsync(Shard, "a", 5);
        await LeaseAsync(neighbourShard, "a", 1);
        Fence.Hold(Shard, 4);
        Fence.Hold(neighbourShard, 1);
        var batchesBefore = Journal.Stats.Batches;

        Task<long> fenced, committed;
        using (Journal.HoldWriter())
        {
            fenced = AppendAsync(Entity, 0, "stale epoch");
            committed = AppendAsync(neighbour, 0, "fine");
        }

        Assert.Equal(1, await committed);
        await Assert.ThrowsAsync<JournalFencedException>(() => fenced);
        Assert.Equal(batchesBefore + 1, Journal.Stats.Batches);
        Assert.Equal($"{neighbour}:1", await ScalarAsync("SELECT string_agg(persistence_id || ':' || seq, ',') FROM journal_events"));
    }

    [Fact]
    public async Task Takeover_WhileAnAppendHoldsTheShareLock_WaitsForIt_ThenTheOldOwnersNextAppendIsFenced()
    {
        await LeaseAsync(Shard, "a", 1);
        Fence.Hold(Shard, 1);
        Assert.Equal(1, await AppendAsync(Entity, 0, "before"));

        // Park the writer inside its transaction, after the lease check: a table lock makes its INSERT wait.
        await using var blocker = new NpgsqlConnection(ConnectionString);
        await blocker.OpenAsync();
        var blockerTx = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE journal_events IN SHARE MODE", blocker, blockerTx))
            await lockTable.ExecuteNonQueryAsync();
        var inFlight = AppendAsync(Entity, 1, "in flight");
        await WaitUntilAsync(
            "SELECT EXISTS (SELECT FROM pg_locks WHERE relation = 'journal_events'::regclass AND NOT granted)",
            "the writer's INSERT to wait for the table lock, holding the shard row FOR SHARE");

        await using var takeover = new NpgsqlConnection(ConnectionString);
        await takeover.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE cluster_shards SET epoch = epoch + 1, owner_node_id = 'b' WHERE shard_id = {Shard}", takeover);
        var takeoverDone = update.ExecuteNonQueryAsync();
        await WaitUntilAsync(
            "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE cluster_shards%')",
            "the takeover UPDATE to wait for the append's share lock");
        Assert.False(takeoverDone.IsCompleted, "the takeover completed while an append under the old epoch was in flight");
        Assert.False(inFlight.IsCompleted);

        await blockerTx.CommitAsync();
        Assert.Equal(2, await inFlight);
        Assert.Equal(1, await takeoverDone);

        await Assert.ThrowsAsync<JournalFencedException>(() => AppendAsync(Entity, 2, "after takeover"));
        Assert.Equal("1,1", await ScalarAsync($"SELECT string_agg(epoch::text, ',' ORDER BY seq) FROM journal_events WHERE persistence_id = '{Entity}'"));
        Assert.Equal("b/2", await ScalarAsync($"SELECT owner_node_id || '/' || epoch FROM cluster_shards WHERE shard_id = {Shard}"));
    }
}
