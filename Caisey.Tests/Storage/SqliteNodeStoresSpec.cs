using Caisey.Node.Storage;

namespace Caisey.Tests.Storage;

public sealed class SqliteNodeStoresSpec : NodeStoresSpec
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-stores-").FullName;

    protected override bool KeepsTokensInMemory => true;

    protected override async Task<NodeStorage> OpenAsync()
    {
        var storage = NodeStorage.OnSqlite(_dir);
        await storage.StartAsync(CancellationToken.None);
        return storage;
    }

    protected override Task CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
