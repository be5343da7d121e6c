using Caisey.Node.Audit;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Audit;

/// <summary>The chain in a node's own <c>audit.db</c>.</summary>
public sealed class SqliteAuditLogChainTests : AuditLogChainSpec
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("caisey-audit-").FullName, "audit.db");

    protected override Task<AuditLog> CreateAsync() => Task.FromResult(new AuditLog(_path));

    protected override AuditLog Reopen() => new(_path);

    protected override async Task<int> ExecuteDirectlyAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task FileWrittenBeforeTheStepColumn_GetsTheStepsFromTheirDetail_AndStillRecordsEachStepOnce()
    {
        var dir = Directory.CreateTempSubdirectory("caisey-audit-old-").FullName;
        var path = Path.Combine(dir, "audit.db");
        try
        {
            // The table as sessions 1–6 created it: the step only inside detail.
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = """
                    CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                        target TEXT NOT NULL, detail TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL);
                    CREATE INDEX audit_target ON audit (target);
                    CREATE INDEX audit_at ON audit (at);
                    """;
                await create.ExecuteNonQueryAsync();
                var prev = AuditHash.Genesis;
                (string Target, string Detail)[] old = [("endpoints/e/commands/c", "{\"step\":0}"), ("endpoints/e/commands/c", "{\"step\":1}"), ("users/u", "{\"name\":\"u\"}")];
                for (var i = 0; i < old.Length; i++)
                {
                    var hash = AuditHash.Compute(i + 1, T0, "tina", "test", old[i].Target, old[i].Detail, prev);
                    await using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO audit VALUES ($s, $at, 'tina', 'test', $t, $d, $h, $p)";
                    insert.Parameters.AddWithValue("$s", i + 1);
                    insert.Parameters.AddWithValue("$at", AuditHash.FormatAt(T0));
                    insert.Parameters.AddWithValue("$t", old[i].Target);
                    insert.Parameters.AddWithValue("$d", old[i].Detail);
                    insert.Parameters.AddWithValue("$h", hash);
                    insert.Parameters.AddWithValue("$p", prev);
                    await insert.ExecuteNonQueryAsync();
                    prev = hash;
                }
            }

            await using (var log = new AuditLog(path))
            {
                Assert.Equal(1, log.LastStep("endpoints/e/commands/c"));
                Assert.Equal(-1, log.LastStep("users/u"));
                Assert.Null(await log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1)));
                Assert.Equal(4, (await log.AppendAsync(new AuditEntry(T0, "agent", "command.running", "endpoints/e/commands/c", "{\"step\":2}", 2)))!.Seq);
                Assert.Equal(2, log.LastStep("endpoints/e/commands/c"));
                Assert.Equal((true, 4L, (long?)null), Summary(log.Verify()));
            }
            await using var reopened = new AuditLog(path); // the column is added once; opening again changes nothing
            Assert.Equal(2, reopened.LastStep("endpoints/e/commands/c"));
            Assert.Equal(["audit_at", "audit_target_step"], await IndexesAsync(path)); // (target, step) replaced (target)
            Assert.Null(await reopened.AppendAsync(new AuditEntry(T0, "agent", "command.running", "endpoints/e/commands/c", "{\"step\":2}", 2)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task StepCheck_SearchesTheTargetStepIndex_WithoutReadingDetails()
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + AuditLog.SqliteStepExists;
        command.Parameters.AddWithValue("$p0", "endpoints/e/commands/c");
        command.Parameters.AddWithValue("$p1", 1);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(3));

        Assert.Contains(plan, p => p.Contains("USING COVERING INDEX audit_target_step (target=? AND step=?)", StringComparison.Ordinal));
    }

    private static async Task<List<string>> IndexesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }

    protected override Task CleanUpAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
