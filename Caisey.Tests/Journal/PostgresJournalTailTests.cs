using Caisey.Node.Journal;
using Npgsql;

namespace Caisey.Tests.Journal;

/// <summary>Following the shared PostgreSQL journal by <see cref="JournalPosition"/>.</summary>
public sealed class PostgresJournalTailTests : PostgresJournalFixture
{
    protected override bool Fenced => false;

    private async Task<List<CommittedJournalEntry>> ReadAsync(JournalPosition after, int max = 100)
    {
        var entries = new List<CommittedJournalEntry>();
        await foreach (var entry in Journal.ReadCommittedAsync(after, max))
            entries.Add(entry);
        return entries;
    }

    /// <summary>
    /// Reads until <paramref name="count"/> events are returned: transactions of other tests anywhere on the shared server
    /// (xids are server-wide) hold the visible horizon back for as long as they run.
    /// </summary>
    private async Task<List<CommittedJournalEntry>> ReadWhenCommittedAsync(JournalPosition after, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = await ReadAsync(after);
            if (entries.Count >= count)
                return entries;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"expected {count} events after {after} within 10 s, read {entries.Count}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ReadCommitted_FromTheStart_ReturnsEveryIdsEventsInAppendOrder_AndResumesAfterAPosition()
    {
        await AppendAsync("a", 0, "a1");
        await AppendAsync("b", 0, "b1");
        await AppendAsync("a", 1, "a2");

        var all = await ReadWhenCommittedAsync(JournalPosition.Start, 3);
        Assert.Equal(["a1", "b1", "a2"], all.Select(e => ((TestEventHappened)e.Entry.Event).Text));
        Assert.Equal(["a:1", "b:1", "a:2"], all.Select(e => $"{e.Entry.PersistenceId}:{e.Entry.SequenceNr}"));

        var rest = await ReadAsync(all[0].Position, max: 1);
        Assert.Equal("b1", ((TestEventHappened)Assert.Single(rest).Entry.Event).Text);
        Assert.Empty(await ReadAsync(all[^1].Position));
    }

    [Fact]
    public async Task ReadCommitted_WhileALowerOrderingIsUncommitted_WithholdsLaterEvents_ThenReturnsBothInOrder()
    {
        // Another writer's transaction takes ordering 1 and commits only after this journal's append (ordering 2) did.
        var (manifest, payload) = JournalTestSerializer.Create().Serialize(new TestEventHappened("slow"));
        await using var slow = new NpgsqlConnection(ConnectionString);
        await slow.OpenAsync();
        var slowTx = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp) VALUES ('slow', 1, @m, @p, now())", slow, slowTx))
        {
            insert.Parameters.AddWithValue("m", manifest);
            insert.Parameters.AddWithValue("p", payload);
            await insert.ExecuteNonQueryAsync();
        }
        await AppendAsync("fast", 0, "fast");

        Assert.Empty(await ReadAsync(JournalPosition.Start));

        await slowTx.CommitAsync();
        var read = await ReadWhenCommittedAsync(JournalPosition.Start, 2);
        Assert.Equal(["slow", "fast"], read.Select(e => ((TestEventHappened)e.Entry.Event).Text));
        Assert.Equal([1L, 2L], read.Select(e => e.Position.Ordering));
    }
}
