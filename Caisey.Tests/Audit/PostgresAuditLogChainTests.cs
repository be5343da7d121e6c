using Caisey.Node.Audit;
using Caisey.Node.Storage;
using Caisey.Tests.Support;
using Npgsql;

namespace Caisey.Tests.Audit;

/// <summary>The cluster's one chain in a real PostgreSQL database; "nodes" are logs with their own connection pools.</summary>
public sealed class PostgresAuditLogChainTests : AuditLogChainSpec
{
    private readonly List<PostgresDatabase> _pools = [];
    private TestDatabase? _database;
    private SqlDatabase _shared = null!;

    protected override async Task<AuditLog> CreateAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _shared = await NodeAsync();
        return new AuditLog(_shared);
    }

    protected override AuditLog Reopen() => new(_shared);

    protected override async Task<int> ExecuteDirectlyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    protected override async Task CleanUpAsync()
    {
        foreach (var pool in _pools)
            await pool.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodes_AppendingConcurrently_WriteOneChainWithoutGapsOrDuplicates()
    {
        await using var nodeA = new AuditLog(await NodeAsync());
        await using var nodeB = new AuditLog(await NodeAsync());

        // Four callers per node, 50 appends each: both writers group-commit batches that interleave in the one chain.
        await Task.WhenAll(new[] { (Log: nodeA, Name: "a"), (Log: nodeB, Name: "b") }.SelectMany(node => Enumerable.Range(0, 4).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
                await node.Log.AppendAsync(new AuditEntry(T0, $"node-{node.Name}", "test.append", $"endpoints/ep_{node.Name}{caller}/commands/cmd_{i}", "{\"step\":0}", 0));
        }))));

        Assert.Equal((true, 400L, (long?)null), Summary(nodeA.Verify()));
        Assert.Equal(nodeA.Verify(), nodeB.Verify());
        var records = nodeB.Query(null, null, null);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), records.Select(r => r.Seq));
        Assert.Equal(200, records.Count(r => r.Actor == "node-a"));
        Assert.Equal(200, records.Count(r => r.Actor == "node-b"));
        Assert.Equal(400, records.Select(r => r.Target).Distinct().Count());
    }

    [Fact]
    public async Task AStepOneNodeRecorded_IsNotRecordedAgainByAnother()
    {
        await using var nodeA = new AuditLog(await NodeAsync());
        await using var nodeB = new AuditLog(await NodeAsync());
        var entry = new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1);

        Assert.NotNull(await nodeA.AppendAsync(entry));
        Assert.Null(await nodeB.AppendAsync(entry));

        Assert.Equal(1, nodeB.LastStep("endpoints/e/commands/c"));
        Assert.Single(nodeB.ForTarget("endpoints/e/commands/c"));
    }

    [Fact]
    public async Task SameStepFromTwoNodesAtOnce_IsRecordedOnce()
    {
        await using var nodeA = new AuditLog(await NodeAsync());
        await using var nodeB = new AuditLog(await NodeAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(step => new[] { nodeA, nodeB }.Select(log =>
            log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", $"{{\"step\":{step}}}", step)).AsTask())));

        Assert.Equal(20, results.Count(r => r is not null));
        Assert.Equal(Enumerable.Range(0, 20), nodeA.ForTarget("endpoints/e/commands/c").Select(r => System.Text.Json.JsonDocument.Parse(r.Detail).RootElement.GetProperty("step").GetInt32()).Order());
        Assert.True(nodeA.Verify().Ok);
    }

    /// <summary>A node's own pool on the test database, the audit component migrated.</summary>
    private async Task<SqlDatabase> NodeAsync()
    {
        var pool = new PostgresDatabase(_database!.ConnectionString);
        _pools.Add(pool);
        var shared = new SqlDatabase(AuditLog.Schema, pool);
        await shared.MigrateAsync();
        return shared;
    }
}
