using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Journal;

/// <summary>What only the SQLite journal promises: the file outlives the process, schema versions, group commit.</summary>
public sealed class SqliteEventJournalTests : IDisposable
{
    private readonly JournalTestFiles _files = new();
    private readonly IEventSerializer _serializer = JournalTestSerializer.Create();

    private SqliteEventJournal Open(SqliteSynchronousMode synchronous = SqliteSynchronousMode.Full) =>
        SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = _files.File(), Synchronous = synchronous }, _serializer);

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(SqliteSynchronousMode.Full)]
    [InlineData(SqliteSynchronousMode.Normal)]
    [InlineData(SqliteSynchronousMode.Off)]
    public async Task Reopen_SameFile_FindsEventsHighestAfterDeleteAndSnapshots(SqliteSynchronousMode synchronous)
    {
        await using (var journal = Open(synchronous))
        {
            await journal.AppendAsync("a", 0, [new TestEventHappened("1"), new TestEventHappened("2"), new TestEventHappened("3")]);
            await journal.AppendAsync("b", 0, [new TestEventHappened("b1")]);
            await journal.DeleteToAsync("b", 1);
            await journal.Snapshots.SaveAsync("a", 2, new TestSnapshotTaken(2, "two"));
        }

        await using (var reopened = Open(synchronous))
        {
            var texts = new List<string>();
            await foreach (var e in reopened.ReplayAsync("a", 1, long.MaxValue, long.MaxValue))
                texts.Add(((TestEventHappened)e.Event).Text);
            Assert.Equal(["1", "2", "3"], texts);
            Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync("b"));
            Assert.Equal(new TestSnapshotTaken(2, "two"), (await reopened.Snapshots.LoadAsync("a"))?.Snapshot);
            Assert.Equal(4, await reopened.AppendAsync("a", 3, [new TestEventHappened("4")]));
        }
    }

    [Fact]
    public async Task Dispose_WithAppendsStillQueued_CommitsThemFirst()
    {
        var journal = Open();
        var appends = Enumerable.Range(0, 200).Select(i => journal.AppendAsync($"id-{i}", 0, [new TestEventHappened("x")]).AsTask()).ToList();

        await journal.DisposeAsync();

        Assert.All(await Task.WhenAll(appends), seq => Assert.Equal(1, seq));
        await using var reopened = Open();
        for (var i = 0; i < 200; i++)
            Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync($"id-{i}"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await journal.AppendAsync("late", 0, [new TestEventHappened("x")]));
    }

    [Fact]
    public async Task ConcurrentAppends_ShareBatches()
    {
        await using var journal = Open();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => journal.AppendAsync($"id-{i}", 0, [new TestEventHappened("x")]).AsTask()));

        var stats = journal.Stats;
        Assert.Equal((300L, 300L), (stats.Appends, stats.Events));
        Assert.True(stats.Batches < 300, $"expected group commit to share batches, but 300 appends took {stats.Batches} batches");
    }

    [Fact]
    public async Task Open_FileAtSchemaVersion1_MigratesItAndKeepsItsEvents()
    {
        using (var connection = OpenAtVersion(1))
        {
            using var insert = connection.CreateCommand();
            var (manifest, payload) = _serializer.Serialize(new TestEventHappened("old"));
            insert.CommandText = "INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp) VALUES ('a', 1, $m, $p, 0);";
            insert.Parameters.AddWithValue("$m", manifest);
            insert.Parameters.AddWithValue("$p", payload);
            insert.ExecuteNonQuery();
            Assert.Equal(1, SqliteSchema.ReadVersion(connection));
        }

        await using (var journal = Open())
        {
            Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("a"));
            await journal.Snapshots.SaveAsync("a", 1, new TestSnapshotTaken(1, "new table"));
            Assert.NotNull(await journal.Snapshots.LoadAsync("a"));
        }

        using var check = new SqliteConnection($"Data Source={_files.File()};Pooling=False");
        check.Open();
        Assert.Equal(SqliteSchema.CurrentVersion, SqliteSchema.ReadVersion(check));
    }

    [Fact]
    public async Task Open_FileAtSchemaVersion3_ChainsEveryIdsEventsAndKeepsHighestAfterDeletes()
    {
        using (var connection = OpenAtVersion(3))
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp) VALUES ($id, $seq, $m, $p, 0);";
            var (id, seq, manifest, payload) = (insert.Parameters.Add("$id", SqliteType.Text), insert.Parameters.Add("$seq", SqliteType.Integer),
                insert.Parameters.Add("$m", SqliteType.Text), insert.Parameters.Add("$p", SqliteType.Blob));
            // Interleaved as a busy node writes them: a1 b1 a2 c1 b2 a3 c2 (c's events then deleted, its highest kept).
            foreach (var (i, n) in new[] { ("a", 1), ("b", 1), ("a", 2), ("c", 1), ("b", 2), ("a", 3), ("c", 2) })
            {
                (id.Value, seq.Value) = (i, n);
                (manifest.Value, payload.Value) = _serializer.Serialize(new TestEventHappened($"{i}{n}"));
                insert.ExecuteNonQuery();
            }
            using var delete = connection.CreateCommand();
            delete.CommandText = "INSERT INTO journal_highest (persistence_id, seq) VALUES ('c', 2); DELETE FROM journal_events WHERE persistence_id = 'c';" +
                "DELETE FROM journal_events WHERE persistence_id = 'b' AND seq <= 1;";
            delete.ExecuteNonQuery();
        }

        await using var journal = Open();

        Assert.Equal(["a1", "a2", "a3"], await TextsAsync(journal, "a"));
        Assert.Equal(["a2"], await TextsAsync(journal, "a", 2, 2));
        Assert.Equal(["b2"], await TextsAsync(journal, "b"));
        Assert.Empty(await TextsAsync(journal, "c"));
        Assert.Equal((3L, 2L, 2L), (await journal.ReadHighestSequenceNrAsync("a"), await journal.ReadHighestSequenceNrAsync("b"), await journal.ReadHighestSequenceNrAsync("c")));
        Assert.Equal(4, await journal.AppendAsync("a", 3, [new TestEventHappened("a4")]));
        Assert.Equal(3, await journal.AppendAsync("c", 2, [new TestEventHappened("c3")]));
        Assert.Equal(["a1", "a2", "a3", "a4"], await TextsAsync(journal, "a"));
        Assert.Equal(["c3"], await TextsAsync(journal, "c"));
    }

    [Fact]
    public async Task Append_AfterItsNewestRowWasDeletedAndTheRowidReused_ReadsOnlyItsOwnEvents()
    {
        await using var journal = Open();
        await journal.AppendAsync("a", 0, [new TestEventHappened("a1"), new TestEventHappened("a2")]);
        // a's rows are the newest in the file: deleting them lets SQLite hand their rowids to the next insert (b's).
        await journal.DeleteToAsync("a", 2);
        await journal.AppendAsync("b", 0, [new TestEventHappened("b1"), new TestEventHappened("b2")]);

        Assert.Equal(3, await journal.AppendAsync("a", 2, [new TestEventHappened("a3")]));

        Assert.Equal(["a3"], await TextsAsync(journal, "a"));
        Assert.Equal(["b1", "b2"], await TextsAsync(journal, "b"));
        await journal.DeleteToAsync("a", 3);
        Assert.Equal(["b1", "b2"], await TextsAsync(journal, "b"));
    }

    [Fact]
    public async Task Append_WhenAnotherWriterMovedTheHead_FailsWithAConflictAndWritesNothing()
    {
        await using var first = Open();
        Assert.Equal(1, await first.AppendAsync("a", 0, [new TestEventHappened("first")]));
        await using (var second = Open())
            Assert.Equal(2, await second.AppendAsync("a", 1, [new TestEventHappened("second")]));

        // The first writer's cache still says 1: the head's guarded update refuses the stale append.
        var e = await Assert.ThrowsAsync<JournalConcurrencyException>(async () => await first.AppendAsync("a", 1, [new TestEventHappened("stale")]));

        Assert.Equal((1L, 2L), (e.Expected, e.Actual));
        Assert.Equal(["first", "second"], await TextsAsync(first, "a"));
        Assert.Equal(3, await first.AppendAsync("a", 2, [new TestEventHappened("third")]));
    }

    [Fact]
    public async Task Replay_OfMoreEventsThanAreReadWhileWalking_ReadsTheRestRowByRowInOrder()
    {
        await using var journal = Open();
        var count = SqliteReadConnection.ReadWhileWalking + 76;
        for (var seq = 0; seq < count; seq += 100)
            await journal.AppendAsync("long", seq, [.. Enumerable.Range(seq + 1, Math.Min(100, count - seq)).Select(n => new TestEventHappened($"{n}"))]);
        await journal.AppendAsync("other", 0, [new TestEventHappened("x")]);

        var all = await TextsAsync(journal, "long");
        var window = await TextsAsync(journal, "long", 50, 59);
        var capped = new List<long>();
        await foreach (var e in journal.ReplayAsync("long", 2, long.MaxValue, 3))
            capped.Add(e.SequenceNr);

        Assert.Equal(Enumerable.Range(1, count).Select(n => $"{n}"), all);
        Assert.Equal(Enumerable.Range(50, 10).Select(n => $"{n}"), window);
        Assert.Equal([2L, 3L, 4L], capped);
    }

    /// <summary>A file at an older schema version, as an older build left it.</summary>
    private SqliteConnection OpenAtVersion(int version)
    {
        var connection = new SqliteConnection($"Data Source={_files.File()};Pooling=False");
        connection.Open();
        SqliteSchema.Migrate(connection, _files.File(), targetVersion: version);
        return connection;
    }

    private static async Task<List<string>> TextsAsync(SqliteEventJournal journal, string id, long from = 1, long to = long.MaxValue)
    {
        var texts = new List<string>();
        await foreach (var e in journal.ReplayAsync(id, from, to, long.MaxValue))
            texts.Add(((TestEventHappened)e.Event).Text);
        return texts;
    }

    [Fact]
    public async Task Open_FileAtCurrentVersion_IsAcceptedUnchanged()
    {
        await using (var journal = Open())
            await journal.AppendAsync("a", 0, [new TestEventHappened("x")]);
        await using var again = Open();
        Assert.Equal(1, await again.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public void Open_FileFromANewerVersion_FailsNamingBothVersions()
    {
        using (var connection = new SqliteConnection($"Data Source={_files.File()};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 7};";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<JournalSchemaException>(() => Open());

        Assert.Contains($"schema version {SqliteSchema.CurrentVersion + 7}", e.Message);
        Assert.Contains($"up to {SqliteSchema.CurrentVersion}", e.Message);
        Assert.Contains(_files.File(), e.Message);
    }

    [Fact]
    public void Open_WithInvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new SqliteJournalOptions { FilePath = " ", MaxBatchSize = 0, Synchronous = (SqliteSynchronousMode)9 };

        var e = Assert.Throws<ArgumentException>(() => SqliteEventJournal.Open(options, _serializer));

        Assert.Contains(nameof(options.FilePath), e.Message);
        Assert.Contains(nameof(options.MaxBatchSize), e.Message);
        Assert.Contains(nameof(options.Synchronous), e.Message);
    }
}
