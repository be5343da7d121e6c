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
        using (var connection = new SqliteConnection($"Data Source={_files.File()};Pooling=False"))
        {
            connection.Open();
            SqliteSchema.Migrate(connection, _files.File(), targetVersion: 1);
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
