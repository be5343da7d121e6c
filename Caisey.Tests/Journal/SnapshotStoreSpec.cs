using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>
/// The conformance suite every <see cref="ISnapshotStore"/> passes (modelled on Akka.NET's <c>SnapshotStoreSpec</c>).
/// </summary>
public abstract class SnapshotStoreSpec : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private ISnapshotStore? _store;

    internal JournalTestClock Clock { get; } = new(Start);

    protected ISnapshotStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>Creates a new, empty store that stamps snapshots with <paramref name="time"/>.</summary>
    protected abstract ValueTask<ISnapshotStore> CreateStoreAsync(IEventSerializer serializer, TimeProvider time);

    protected virtual ValueTask CleanupAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync(JournalTestSerializer.Create(), Clock);

    public async Task DisposeAsync() => await CleanupAsync();

    private async Task SaveAsync(string id, params int[] seqs)
    {
        foreach (var seq in seqs)
            await Store.SaveAsync(id, seq, new TestSnapshotTaken(seq, $"state-{seq}"));
    }

    [Fact]
    public async Task Load_ReturnsTheLatestSnapshotWithItsData()
    {
        await SaveAsync("a", 5, 10, 15);

        var entry = await Store.LoadAsync("a");

        Assert.NotNull(entry);
        Assert.Equal((15L, "a"), (entry.SequenceNr, entry.PersistenceId));
        Assert.Equal(new TestSnapshotTaken(15, "state-15"), entry.Snapshot);
        Assert.Equal(Start, entry.Timestamp);
    }

    [Fact]
    public async Task Load_WithMaxSequenceNr_SelectsTheHighestAtOrBelowIt()
    {
        await SaveAsync("a", 5, 10, 15);

        Assert.Equal(10, (await Store.LoadAsync("a", 14))?.SequenceNr);
        Assert.Equal(10, (await Store.LoadAsync("a", 10))?.SequenceNr);
        Assert.Null(await Store.LoadAsync("a", 4));
    }

    [Fact]
    public async Task Save_AtTheSameSequenceNr_Overwrites()
    {
        await Store.SaveAsync("a", 7, new TestSnapshotTaken(1, "old"));
        await Store.SaveAsync("a", 7, new TestSnapshotTaken(2, "new"));

        Assert.Equal(new TestSnapshotTaken(2, "new"), (await Store.LoadAsync("a"))?.Snapshot);
    }

    [Fact]
    public async Task Delete_UpToSequenceNr_RemovesThoseAndKeepsLater()
    {
        await SaveAsync("a", 5, 10, 15);

        await Store.DeleteAsync("a", 10);

        Assert.Equal(15, (await Store.LoadAsync("a"))?.SequenceNr);
        Assert.Null(await Store.LoadAsync("a", 14));
    }

    [Fact]
    public async Task Load_UnknownId_ReturnsNull()
    {
        await SaveAsync("a", 1);
        Assert.Null(await Store.LoadAsync("nobody"));
    }

    [Fact]
    public async Task Save_Unserializable_ThrowsAndKeepsThePreviousSnapshot()
    {
        await SaveAsync("a", 3);

        await Assert.ThrowsAsync<JournalSerializationException>(async () => await Store.SaveAsync("a", 4, new NotRegisteredEvent("x")));

        Assert.Equal(3, (await Store.LoadAsync("a"))?.SequenceNr);
    }

    [Fact]
    public async Task Snapshots_OfOneId_DoNotLeakIntoAnother()
    {
        await SaveAsync("a", 9);
        await SaveAsync("b", 2);
        await Store.DeleteAsync("b", 2);
        Assert.Equal(9, (await Store.LoadAsync("a"))?.SequenceNr);
        Assert.Null(await Store.LoadAsync("b"));
    }
}
