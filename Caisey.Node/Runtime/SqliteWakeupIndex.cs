using Microsoft.Data.Sqlite;

namespace Caisey.Node.Runtime;

/// <summary>
/// A wake-up index in a SQLite file (WAL): table <c>wakeups(entity_id TEXT PRIMARY KEY, due_at INTEGER)</c>,
/// <c>due_at</c> in Unix milliseconds (UTC).
/// </summary>
/// <remarks>Holds one connection; calls are serialized. Create it with <see cref="OpenAsync"/>.</remarks>
public sealed class SqliteWakeupIndex : IWakeupIndex
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteWakeupIndex(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (creating when missing) the index in the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<SqliteWakeupIndex> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS wakeups (entity_id TEXT PRIMARY KEY NOT NULL, due_at INTEGER NOT NULL);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new SqliteWakeupIndex(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask UpsertAsync(string entityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "INSERT INTO wakeups (entity_id, due_at) VALUES ($id, $due) ON CONFLICT (entity_id) DO UPDATE SET due_at = excluded.due_at",
            entityId, dueAt.ToUnixTimeMilliseconds(), cancellationToken);

    public ValueTask RemoveAsync(string entityId, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM wakeups WHERE entity_id = $id", entityId, null, cancellationToken);

    public async ValueTask<IReadOnlyList<Wakeup>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT entity_id, due_at FROM wakeups ORDER BY due_at, entity_id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var all = new List<Wakeup>();
            while (await reader.ReadAsync(cancellationToken))
                all.Add(new Wakeup(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
            return all;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }

    private async ValueTask ExecuteAsync(string sql, string entityId, long? dueAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", entityId);
            if (dueAt is { } due)
                command.Parameters.AddWithValue("$due", due);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
