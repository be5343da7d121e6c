using Caisey.Node.Storage;
using Caisey.Tests.Support;
using Npgsql;

namespace Caisey.Tests.Storage;

/// <summary>
/// A node frozen in the middle of a transaction (SIGSTOP, a stalled VM) must not hold its locks — the audit chain's
/// advisory lock, lease rows — for the whole cluster until it thaws: its sessions end after sitting idle in a transaction.
/// </summary>
public sealed class PostgresSessionDefaultsTests : IAsyncLifetime
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task NodeSessions_EndAfterIdlingInATransaction_ByDefault()
    {
        await using var database = new PostgresDatabase(_database!.ConnectionString);
        await using var connection = await database.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW idle_in_transaction_session_timeout", connection);

        Assert.Equal("5s", await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AFrozenLockHolder_LosesTheLock_AndTheNextWriterGetsIt()
    {
        // The connection string may set its own timeout (short here, so that the test is quick); it is kept as given.
        var connectionString = new NpgsqlConnectionStringBuilder(_database!.ConnectionString) { Options = "-c idle_in_transaction_session_timeout=300" }.ConnectionString;
        await using var frozen = new PostgresDatabase(connectionString);
        await using var other = new PostgresDatabase(_database.ConnectionString);
        await using var holder = await frozen.OpenAsync();
        var tx = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(42)", holder, tx))
            await take.ExecuteNonQueryAsync();

        // The holder stops sending anything, as a frozen process would; the other node asks for the same lock.
        await using var waiter = await other.OpenAsync();
        await using var wait = new NpgsqlCommand("SET lock_timeout = '10s'; SELECT pg_advisory_xact_lock(42)", waiter);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await wait.ExecuteNonQueryAsync();

        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(async () => await tx.CommitAsync());
    }
}
