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
    public Task FileWrittenBeforeTheStepColumn_GetsTheStepsFromTheirDetail_AndStillRecordsEachStepOnce() => InOwnFileAsync(async path =>
    {
        // The table as sessions 1–6 created it: the step only inside detail.
        await WriteOldFileAsync(path, """
            CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT NOT NULL, detail TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL);
            CREATE INDEX audit_target ON audit (target);
            CREATE INDEX audit_at ON audit (at);
            """, [("endpoints/e/commands/c", "{\"step\":0}", null), ("endpoints/e/commands/c", "{\"step\":1}", null), ("users/u", "{\"name\":\"u\"}", null)]);

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
        Assert.Equal(NewIndexes, await IndexesAsync(path)); // (target) replaced
        Assert.Equal([1L, 2, 4], reopened.Query("e", null, null).Select(r => r.Seq));
        Assert.Null(await reopened.AppendAsync(new AuditEntry(T0, "agent", "command.running", "endpoints/e/commands/c", "{\"step\":2}", 2)));
    });

    private static readonly string[] NewIndexes = ["audit_at", "audit_first_by_target", "audit_key_step"];

    [Fact]
    public Task FileWithTheTargetStepIndex_GetsItsTargetKeys_AndItsIndexReplaced() => InOwnFileAsync(async path =>
    {
        // The table as session 7 created it: the step in its column, one index on (target, step), no target_key.
        await WriteOldFileAsync(path, """
            CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT NOT NULL, detail TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL, step INTEGER);
            CREATE INDEX audit_at ON audit (at);
            CREATE INDEX audit_target_step ON audit (target, step);
            """, [("endpoints/e/commands/cmd_1", "{}", 0), ("endpoints/e", "{}", null), ("endpoints/e/commands/cmd_1", "{}", 1), ("users/u", "{}", null)]);

        await using (var log = new AuditLog(path))
        {
            Assert.Equal(1, log.LastStep("endpoints/e/commands/cmd_1"));
            Assert.Null(await log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/cmd_1", "{}", 1)));
            Assert.Equal(5, (await log.AppendAsync(new AuditEntry(T0, "agent", "command.running", "endpoints/e/commands/cmd_1", "{}", 2)))!.Seq);
            Assert.Equal([1L, 2, 3, 5], log.Query("e", null, null).Select(r => r.Seq));
            Assert.True(log.Verify().Ok);
        }
        Assert.Equal(NewIndexes, await IndexesAsync(path));
        Assert.Equal(["cmd_1", "endpoints/e", "cmd_1", "users/u", "cmd_1"], await KeysAsync(path)); // the old rows' filled in SQL like the new one's
    });

    [Fact]
    public async Task TargetKey_IsTheCommandIdForACommandsRecords_AndTheTargetOtherwise()
    {
        Assert.Equal("cmd_1", AuditTargets.Key(AuditTargets.Command("ep_1", "cmd_1")));
        Assert.Equal("endpoints/ep_1", AuditTargets.Key(AuditTargets.Endpoint("ep_1")));
        Assert.Equal("endpoints/ep_1/transcripts/tr_1", AuditTargets.Key(AuditTargets.Transcript("ep_1", "tr_1")));
        var log = Log;
        await log.AppendAsync(new AuditEntry(T0, "tina", "test", AuditTargets.Command("ep_1", "cmd_1"), "{}", 0));
        await log.AppendAsync(new AuditEntry(T0, "tina", "test", AuditTargets.User("u"), "{}"));
        Assert.Equal(["cmd_1", "users/u"], await KeysAsync(_path));
    }

    [Fact]
    public async Task StepCheck_SearchesTheKeyStepIndex_WithoutReadingDetails()
    {
        var plan = await PlanAsync(AuditLog.SqliteStepExists, ("$p0", "cmd_1"), ("$p1", 1), ("$p2", "endpoints/e/commands/cmd_1"));

        Assert.Contains(plan, p => p.Contains("USING INDEX audit_key_step (target_key=? AND step=?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HighestStepRead_SearchesTheKeyStepIndex_WithoutReadingDetails()
    {
        var plan = await PlanAsync(AuditLog.SqliteHighestStep, ("$p0", "cmd_1"), ("$p1", "endpoints/e/commands/cmd_1"));

        Assert.Contains(plan, p => p.Contains("USING INDEX audit_key_step (target_key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACommandsSteps_SearchTheIndexOncePerCommand_AndARepeatedStepIsStillRecordedOnce()
    {
        var log = Log;
        string[] actions = [AuditActions.CommandSubmitted, AuditActions.CommandDispatched, AuditActions.CommandAcknowledged, AuditActions.CommandRunning, AuditActions.CommandSucceeded];
        AuditEntry Step(string command, int step) => new(T0, "node", actions[step], AuditTargets.Command("ep_1", command), "{}", step);
        for (var step = 0; step < 5; step++)
            Assert.NotNull(await log.AppendAsync(Step("cmd_a", step)));
        Assert.Equal(1, log.StepProbes); // cmd_a's highest step, read once (-1); every step above it needs no search

        // Repeats: while the command runs (known highest step 2), and after it ended (forgotten: read again, then searched).
        Assert.NotNull(await log.AppendAsync(Step("cmd_b", 0)));
        Assert.NotNull(await log.AppendAsync(Step("cmd_b", 1)));
        Assert.NotNull(await log.AppendAsync(Step("cmd_b", 2)));
        Assert.Equal(2, log.StepProbes);
        Assert.Null(await log.AppendAsync(Step("cmd_b", 1)));
        Assert.Null(await log.AppendAsync(Step("cmd_b", 2)));
        Assert.Null(await log.AppendAsync(Step("cmd_a", 4)));
        Assert.Null(await log.AppendAsync(Step("cmd_a", 0)));
        Assert.NotNull(await log.AppendAsync(Step("cmd_b", 3)));
        Assert.Equal(5, log.ForTarget(AuditTargets.Command("ep_1", "cmd_a")).Count);
        Assert.Equal(4, log.ForTarget(AuditTargets.Command("ep_1", "cmd_b")).Count);
        Assert.True(log.Verify().Ok);
    }

    [Fact]
    public async Task EndpointQuery_FindsTheTargetsByTheirFirstRecord_AndTheirRecordsByKey_WithoutScanningTheLog()
    {
        var log = Log;
        for (var i = 0; i < 50; i++)
            await log.AppendAsync(new AuditEntry(T0, "tina", "test", AuditTargets.Command($"ep_{i % 5}", $"cmd_{i}"), "{}", 0));
        await log.AppendAsync(new AuditEntry(T0, "tina", "test", AuditTargets.Command("ep_1", "cmd_1"), "{}", 1));
        Assert.Equal(11, log.Query("ep_1", null, null).Count);

        var plan = await PlanAsync(
            $"SELECT seq FROM audit WHERE {AuditLog.EndpointTargets} AND {AuditLog.SqliteEndpointKeys} ORDER BY seq",
            ("@e", "endpoints/ep_1"));

        Assert.Contains(plan, p => p.Contains("SEARCH audit USING INDEX audit_first_by_target (target>? AND target<?)", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("SEARCH audit USING INDEX audit_key_step (target_key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("SCAN", StringComparison.Ordinal));
    }

    /// <summary>Runs <paramref name="test"/> on an <c>audit.db</c> path in a directory of its own (not the spec's log), then deletes it.</summary>
    private static async Task InOwnFileAsync(Func<string, Task> test)
    {
        var dir = Directory.CreateTempSubdirectory("caisey-audit-file-").FullName;
        try
        {
            await test(Path.Combine(dir, "audit.db"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An audit file as an older build wrote it: <paramref name="schema"/>, then a valid chain of <paramref name="records"/>.</summary>
    private static async Task WriteOldFileAsync(string path, string schema, (string Target, string Detail, int? Step)[] records)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = schema;
            await create.ExecuteNonQueryAsync();
        }
        var prev = AuditHash.Genesis;
        for (var i = 0; i < records.Length; i++)
        {
            var (target, detail, step) = records[i];
            var hash = AuditHash.Compute(i + 1, T0, "tina", "test", target, detail, prev);
            await using var insert = connection.CreateCommand();
            insert.CommandText = step is null
                ? "INSERT INTO audit (seq, at, actor, action, target, detail, hash, prev_hash) VALUES ($s, $at, 'tina', 'test', $t, $d, $h, $p)"
                : "INSERT INTO audit (seq, at, actor, action, target, detail, hash, prev_hash, step) VALUES ($s, $at, 'tina', 'test', $t, $d, $h, $p, $step)";
            insert.Parameters.AddWithValue("$s", i + 1);
            insert.Parameters.AddWithValue("$at", AuditHash.FormatAt(T0));
            insert.Parameters.AddWithValue("$t", target);
            insert.Parameters.AddWithValue("$d", detail);
            insert.Parameters.AddWithValue("$h", hash);
            insert.Parameters.AddWithValue("$p", prev);
            if (step is { } value)
                insert.Parameters.AddWithValue("$step", value);
            await insert.ExecuteNonQueryAsync();
            prev = hash;
        }
    }

    /// <summary>The query plan of <paramref name="sql"/> (the detail column of EXPLAIN QUERY PLAN).</summary>
    private Task<List<string>> PlanAsync(string sql, params (string Name, object Value)[] parameters) =>
        ColumnAsync(_path, "EXPLAIN QUERY PLAN " + sql, 3, parameters);

    private static Task<List<string>> KeysAsync(string path) => ColumnAsync(path, "SELECT target_key FROM audit ORDER BY seq", 0);

    private static Task<List<string>> IndexesAsync(string path) =>
        ColumnAsync(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit' ORDER BY name", 0);

    /// <summary>One text column of a query's rows, read through a connection of its own.</summary>
    private static async Task<List<string>> ColumnAsync(string path, string sql, int column, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(column));
        return values;
    }

    protected override Task CleanUpAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
