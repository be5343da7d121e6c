using Caisey.Node.Journal;
using Caisey.Node.Storage;
using Caisey.Tests.Support;
using Npgsql;

namespace Caisey.Tests.Journal;

/// <summary>A PostgreSQL journal in its own database, fenced by <see cref="Fence"/> as node <c>a</c>, plus raw SQL helpers.</summary>
public abstract class PostgresJournalFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private PostgresDatabase? _postgres;
    private PostgresEventJournal? _journal;

    internal TestWriteFence Fence { get; } = new();

    internal PostgresEventJournal Journal => _journal ?? throw new InvalidOperationException("not initialized");

    protected string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not initialized");

    protected virtual bool Fenced => true;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _postgres = new PostgresDatabase(_database.ConnectionString);
        var options = Fenced ? new PostgresJournalOptions { Fence = Fence, NodeId = "a" } : new PostgresJournalOptions();
        _journal = await PostgresEventJournal.OpenAsync(_postgres, options, JournalTestSerializer.Create());
    }

    public async Task DisposeAsync()
    {
        if (_journal is not null)
            await _journal.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    protected async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    protected Task<long> AppendAsync(string id, long expected, string text) =>
        Journal.AppendAsync(id, expected, [new TestEventHappened(text)]).AsTask();

    /// <summary>Waits until <paramref name="sql"/> returns true, polling the database; fails with <paramref name="expected"/> after 10 s.</summary>
    protected async Task WaitUntilAsync(string sql, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync(sql) is not true)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"expected within 10 s: {expected}");
            await Task.Delay(20);
        }
    }
}
