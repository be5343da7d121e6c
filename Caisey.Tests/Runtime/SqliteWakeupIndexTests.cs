using Caisey.Node.Runtime;

namespace Caisey.Tests.Runtime;

public sealed class SqliteWakeupIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("caisey-index-").FullName, "wakeups.db");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task Index_UpsertAndRemove_SurviveReopeningTheFile()
    {
        await using (var index = await SqliteWakeupIndex.OpenAsync(_path))
        {
            await index.UpsertAsync("b", T0.AddMinutes(5));
            await index.UpsertAsync("a", T0.AddMinutes(9));
            await index.UpsertAsync("a", T0.AddMinutes(1)); // replaces
            await index.UpsertAsync("c", T0.AddMinutes(3));
            await index.RemoveAsync("c");
            await index.RemoveAsync("never-there");
        }

        await using var reopened = await SqliteWakeupIndex.OpenAsync(_path);
        Assert.Equal([new Wakeup("a", T0.AddMinutes(1)), new Wakeup("b", T0.AddMinutes(5))], await reopened.LoadAsync());
    }
}
