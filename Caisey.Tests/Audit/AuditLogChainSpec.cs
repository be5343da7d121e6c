using Caisey.Node.Audit;

namespace Caisey.Tests.Audit;

/// <summary>
/// The chain on a real database, one subclass per provider: records are tampered with through a second connection,
/// as an intruder would.
/// </summary>
public abstract class AuditLogChainSpec : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 1, 31, 9, 30, 0, 123, TimeSpan.Zero);
    private AuditLog _log = null!;

    /// <summary>The log the test runs on.</summary>
    protected AuditLog Log => _log;

    /// <summary>A log on a fresh, empty store.</summary>
    protected abstract Task<AuditLog> CreateAsync();

    /// <summary>Another log on the same store (the node restarted).</summary>
    protected abstract AuditLog Reopen();

    /// <summary>Runs <paramref name="sql"/> on the store directly; returns the rows it changed.</summary>
    protected abstract Task<int> ExecuteDirectlyAsync(string sql);

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _log = await CreateAsync();

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await CleanUpAsync();
    }

    [Fact]
    public async Task UntamperedLog_WithManyRecords_Verifies()
    {
        await AppendAsync(500);

        var result = _log.Verify();

        Assert.Equal(new AuditVerification(true, 500, null, result.HeadHash), result);
        Assert.Equal(_log.ForTarget("endpoints/ep_1/commands/cmd_499").Single().Hash, result.HeadHash);
    }

    [Fact]
    public async Task DeferredRecords_WaitForTheNextAwaitedRecord_ThenCommitWithItInOrder()
    {
        _log.Linger = TimeSpan.FromHours(1);
        var first = _log.AppendDeferred(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1));
        var second = _log.AppendDeferred(new AuditEntry(T0, "agent", "command.acknowledged", "endpoints/e/commands/c", "{\"step\":2}", 2));
        await Task.Delay(300);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        var awaited = await _log.AppendAsync(new AuditEntry(T0, "tina", "user.signed-in", "users/tina", "{}"));

        var seqs = new[] { (await first)!.Seq, (await second)!.Seq, awaited!.Seq };
        Assert.Equal([1L, 2L, 3L], seqs);
        Assert.True(_log.Verify().Ok);
    }

    [Fact]
    public async Task DeferredRecord_IsWrittenAfterTheLinger_AndAReadersFlushDoesNotWaitForIt()
    {
        var deferred = _log.AppendDeferred(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1));
        Assert.Equal(1, (await deferred.WaitAsync(TimeSpan.FromSeconds(10)))!.Seq);

        _log.Linger = TimeSpan.FromHours(1);
        var held = _log.AppendDeferred(new AuditEntry(T0, "agent", "command.acknowledged", "endpoints/e/commands/c", "{\"step\":2}", 2));
        await _log.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(held.IsCompletedSuccessfully);
        Assert.Equal(2, _log.ForTarget("endpoints/e/commands/c").Count);
    }

    [Fact]
    public async Task Dispose_WritesDeferredRecordsAtOnce()
    {
        _log.Linger = TimeSpan.FromHours(1);
        var held = _log.AppendDeferred(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1));

        await _log.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, (await held)!.Seq);
    }

    [Fact]
    public async Task FirstRecord_ChainsFromZeros_AndHashesTheCanonicalEncoding()
    {
        var first = (await _log.AppendAsync(new AuditEntry(T0, "tina", "command.submitted", "endpoints/e/commands/c", "{\"step\":0}", 0)))!;

        Assert.Equal(1, first.Seq);
        Assert.Equal(new string('0', 64), first.PrevHash);
        // sha256("1:1,24:2025-01-31T09:30:00.123Z,4:tina,17:command.submitted,22:endpoints/e/commands/c,10:{"step":0},64:000...,")
        var canonical = $"1:1,24:2025-01-31T09:30:00.123Z,4:tina,17:command.submitted,22:endpoints/e/commands/c,10:{{\"step\":0}},64:{new string('0', 64)},";
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical))), first.Hash);
        var second = (await _log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1)))!;
        Assert.Equal(first.Hash, second.PrevHash);
    }

    [Fact]
    public async Task EditedDetail_FailsAtThatRecord()
    {
        await AppendAsync(20);

        await TamperAsync("UPDATE audit SET detail = '{\"step\":0,\"script\":\"harmless\"}' WHERE seq = 7");

        Assert.Equal((false, 20L, (long?)7), Summary(_log.Verify()));
    }

    [Fact]
    public async Task EditedDetailWithItsHashRecomputed_FailsAtTheNextRecord()
    {
        await AppendAsync(20);
        var seventh = _log.Query(null, null, null)[6];
        var forged = AuditHash.Compute(seventh with { Detail = "{}" });

        await TamperAsync($"UPDATE audit SET detail = '{{}}', hash = '{forged}' WHERE seq = 7");

        Assert.Equal((false, 20L, (long?)8), Summary(_log.Verify()));
    }

    [Fact]
    public async Task DeletedRecord_FailsAtTheMissingSeq()
    {
        await AppendAsync(20);

        await TamperAsync("DELETE FROM audit WHERE seq = 12");

        Assert.Equal((false, 19L, (long?)12), Summary(_log.Verify()));
    }

    [Fact]
    public async Task SwappedRecords_FailAtTheFirstOfThem()
    {
        await AppendAsync(20);

        await TamperAsync("UPDATE audit SET seq = -1 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 9; UPDATE audit SET seq = 9 WHERE seq = -1");

        Assert.Equal((false, 20L, (long?)5), Summary(_log.Verify()));
    }

    [Fact]
    public async Task ReformattedTime_SameInstant_StillFails()
    {
        await AppendAsync(5);

        await TamperAsync("UPDATE audit SET at = replace(at, '.123Z', '.123+00:00') WHERE seq = 3");

        Assert.Equal((false, 5L, (long?)3), Summary(_log.Verify()));
    }

    [Fact]
    public async Task ConcurrentAppends_KeepOneValidChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
                await _log.AppendAsync(new AuditEntry(T0, $"writer-{t}", "test.append", $"endpoints/ep_{t}", "{}"));
        })));

        Assert.Equal((true, 640L, (long?)null), Summary(_log.Verify()));
        Assert.Equal(Enumerable.Range(1, 640).Select(i => (long)i), _log.Query(null, null, null).Select(r => r.Seq));
    }

    [Fact]
    public async Task SameStepOfATarget_IsAppendedOnce_AlsoAfterReopening()
    {
        Assert.NotNull(await _log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1)));
        Assert.Null(await _log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1)));
        await _log.DisposeAsync();
        _log = Reopen();

        Assert.Null(await _log.AppendAsync(new AuditEntry(T0, "node", "command.dispatched", "endpoints/e/commands/c", "{\"step\":1}", 1)));
        Assert.Equal(1, _log.LastStep("endpoints/e/commands/c"));
        var next = await _log.AppendAsync(new AuditEntry(T0, "x", "y", "z", "{}"));
        Assert.Equal(2, next!.Seq);
        Assert.True(_log.Verify().Ok);
    }

    [Fact]
    public async Task EndpointQuery_KeepsTheEndpointsOwnRecordsAndThoseBelowIt_Only()
    {
        foreach (var target in (string[])["endpoints/ep_1", "endpoints/ep_1/commands/c", "endpoints/ep_10", "endpoints/ep_1-x", "users/ep_1"])
            await _log.AppendAsync(new AuditEntry(T0, "tina", "test", target, "{}"));

        Assert.Equal(["endpoints/ep_1", "endpoints/ep_1/commands/c"], _log.Query("ep_1", T0, T0).Select(r => r.Target));
        Assert.Empty(_log.Query("ep_1", T0.AddMilliseconds(1), null));
    }

    [Fact]
    public async Task EndpointQuery_ReturnsEveryStepOfItsCommands_AndTargetsWithTheSameCommandIdStayApart()
    {
        // The same command id below two endpoints (ids are unique, but the log must not depend on it).
        (string Target, int? Step)[] records =
        [
            ("endpoints/ep_1/commands/cmd_a", 0), ("endpoints/ep_2/commands/cmd_a", 0), ("endpoints/ep_1/commands/cmd_a", 1),
            ("endpoints/ep_1/commands/cmd_b", null), ("endpoints/ep_1/commands/cmd_a", 2), ("endpoints/ep_2/commands/cmd_a", 1),
            ("endpoints/ep_1", null),
        ];
        foreach (var (target, step) in records)
            Assert.NotNull(await _log.AppendAsync(new AuditEntry(T0, "tina", "test", target, "{}", step)));

        Assert.Equal([1L, 3, 4, 5, 7], _log.Query("ep_1", null, null).Select(r => r.Seq));
        Assert.Equal([2L, 6], _log.Query("ep_2", null, null).Select(r => r.Seq));
        Assert.Equal([2L, 6], _log.ForTarget("endpoints/ep_2/commands/cmd_a").Select(r => r.Seq));
        Assert.Equal(2, _log.LastStep("endpoints/ep_1/commands/cmd_a"));
        Assert.Equal(1, _log.LastStep("endpoints/ep_2/commands/cmd_a"));
        Assert.Equal(-1, _log.LastStep("endpoints/ep_3/commands/cmd_a"));
        // Step 2 is recorded for ep_1's cmd_a, not for ep_2's.
        Assert.NotNull(await _log.AppendAsync(new AuditEntry(T0, "tina", "test", "endpoints/ep_2/commands/cmd_a", "{}", 2)));
        Assert.Null(await _log.AppendAsync(new AuditEntry(T0, "tina", "test", "endpoints/ep_1/commands/cmd_a", "{}", 2)));
        Assert.True(_log.Verify().Ok);
    }

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _log.AppendAsync(new AuditEntry(T0.AddSeconds(i), "tina", "command.submitted", $"endpoints/ep_1/commands/cmd_{i}", $"{{\"step\":0,\"n\":{i}}}", 0));
    }

    private async Task TamperAsync(string sql) =>
        Assert.True(await ExecuteDirectlyAsync(sql) > 0, $"The tampering '{sql}' changed nothing.");

    protected static (bool Ok, long Records, long? FirstBadSeq) Summary(AuditVerification v) => (v.Ok, v.Records, v.FirstBadSeq);
}
