using Caisey.Node.Cluster;
using Caisey.Node.Runtime;
using Caisey.Node.Storage;
using Caisey.Tests.Support;

namespace Caisey.Tests.Runtime;

public sealed class PostgresWakeupIndexTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase? _database;
    private PostgresDatabase? _postgres;

    private PostgresDatabase Database => _postgres ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _postgres = new PostgresDatabase(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task Index_UpsertAndRemove_SurviveReopening()
    {
        await using (var index = await PostgresWakeupIndex.OpenAsync(Database))
        {
            await index.UpsertAsync("b", T0.AddMinutes(5));
            await index.UpsertAsync("a", T0.AddMinutes(9));
            await index.UpsertAsync("a", T0.AddMinutes(1)); // replaces
            await index.UpsertAsync("c", T0.AddMinutes(3));
            await index.RemoveAsync("c");
            await index.RemoveAsync("never-there");
        }

        await using var reopened = await PostgresWakeupIndex.OpenAsync(Database);
        Assert.Equal([new Wakeup("a", T0.AddMinutes(1)), new Wakeup("b", T0.AddMinutes(5))], await reopened.LoadAsync());
    }

    [Fact]
    public async Task LoadForShards_ReturnsOnlyTheEntitiesOfThoseShards_EarliestFirst()
    {
        await using var index = await PostgresWakeupIndex.OpenAsync(Database);
        var ids = Enumerable.Range(0, 40).Select(i => $"ep-{i}").ToList();
        for (var i = 0; i < ids.Count; i++)
            await index.UpsertAsync(ids[i], T0.AddMinutes(ids.Count - i));
        var owned = ids.Take(3).Select(id => ShardMap.ShardOf(id)).ToHashSet();

        var loaded = await index.LoadAsync(owned);

        var expected = ids.Where(id => owned.Contains(ShardMap.ShardOf(id))).Select((id, _) => new Wakeup(id, T0.AddMinutes(ids.Count - ids.IndexOf(id))))
            .OrderBy(w => w.DueAt).ToList();
        Assert.Equal(expected, loaded);
        Assert.True(expected.Count < ids.Count, "every test id fell into the owned shards; the filter was not exercised");
        Assert.Empty(await index.LoadAsync(Array.Empty<int>()));
        Assert.Equal(ids.Count, (await index.LoadAsync()).Count);
    }
}
