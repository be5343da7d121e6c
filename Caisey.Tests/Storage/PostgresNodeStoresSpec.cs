using Caisey.Node.Storage;
using Caisey.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caisey.Tests.Storage;

public sealed class PostgresNodeStoresSpec : NodeStoresSpec
{
    private TestDatabase? _database;

    protected override bool KeepsTokensInMemory => false;

    protected override async Task<NodeStorage> OpenAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        var storage = NodeStorage.OnPostgres(_database.ConnectionString, Time, NullLogger<PostgresNotifications>.Instance);
        await storage.StartAsync(CancellationToken.None);
        return storage;
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
