using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Runtime;

public sealed class SqliteWakeupIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("caisey-index-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string JournalPath => Path.Combine(_directory, "journal.db");

    private SqliteEventJournal OpenJournal() =>
        SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = JournalPath }, EndpointManifests.CreateSerializer(), TimeProvider.System);

    [Fact]
    public async Task Index_UpsertAndRemove_SurviveReopeningTheJournal()
    {
        await using (var journal = OpenJournal())
        {
            var index = new SqliteWakeupIndex(journal);
            await index.UpsertAsync("b", T0.AddMinutes(5));
            await index.UpsertAsync("a", T0.AddMinutes(9));
            await index.UpsertAsync("a", T0.AddMinutes(1)); // replaces
            await index.UpsertAsync("c", T0.AddMinutes(3));
            await index.RemoveAsync("c");
            await index.RemoveAsync("never-there");
        }

        await using var reopened = OpenJournal();
        Assert.Equal([new Wakeup("a", T0.AddMinutes(1)), new Wakeup("b", T0.AddMinutes(5))], await new SqliteWakeupIndex(reopened).LoadAsync());
    }

    [Fact]
    public async Task Index_QueuedBehindAnAppend_CommitsInTheAppendsBatch()
    {
        await using var journal = OpenJournal();
        var index = new SqliteWakeupIndex(journal);
        var before = journal.Stats.Batches;
        Task append, wakeup;
        using (journal.HoldWriter())
        {
            append = journal.AppendAsync("ep-1", 0, [new CheckedIn("pc-1", "linux", "1.0", null, null, T0)]).AsTask();
            wakeup = index.UpsertAsync("ep-1", T0.AddMinutes(5)).AsTask();
        }
        await Task.WhenAll(append, wakeup).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, journal.Stats.Batches - before);
        Assert.Equal([new Wakeup("ep-1", T0.AddMinutes(5))], await index.LoadAsync());
    }

    [Fact]
    public async Task ImportLegacyFile_MovesTheRowsOfAnOldWakeupsDb_AndDeletesIt()
    {
        var legacy = Path.Combine(_directory, "wakeups.db");
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = legacy, Pooling = false }.ConnectionString))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                CREATE TABLE wakeups (entity_id TEXT PRIMARY KEY NOT NULL, due_at INTEGER NOT NULL);
                INSERT INTO wakeups VALUES ('ep-2', {T0.AddMinutes(7).ToUnixTimeMilliseconds()}), ('ep-1', {T0.AddMinutes(2).ToUnixTimeMilliseconds()});
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var journal = OpenJournal();
        var index = new SqliteWakeupIndex(journal);
        Assert.Equal(2, await index.ImportLegacyFileAsync(legacy));
        Assert.False(File.Exists(legacy));
        Assert.Equal(0, await index.ImportLegacyFileAsync(legacy));
        Assert.Equal([new Wakeup("ep-1", T0.AddMinutes(2)), new Wakeup("ep-2", T0.AddMinutes(7))], await index.LoadAsync());
    }
}
