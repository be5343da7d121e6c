using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>The writer's prepared statements, created once and reused for every batch.</summary>
/// <remarks>An event's insert (every event) runs through <see cref="SqliteRawStatement"/>; the rest through Microsoft.Data.Sqlite.</remarks>
internal sealed class SqliteWriteCommands : IDisposable
{
    private readonly List<SqliteCommand> _all = [];
    private readonly SqliteCommand _begin, _commit, _rollback, _savepoint, _release, _rollbackTo;
    private readonly SqliteRawStatement _insertEvent;
    private readonly SqliteCommand _highest, _recordHighest, _deleteEvents, _upsertSnapshot, _deleteSnapshots, _upsertWakeup, _deleteWakeup;

    public SqliteWriteCommands(SqliteConnection connection)
    {
        _begin = Create(connection, "BEGIN IMMEDIATE;");
        _commit = Create(connection, "COMMIT;");
        _rollback = Create(connection, "ROLLBACK;");
        _savepoint = Create(connection, "SAVEPOINT request;");
        _release = Create(connection, "RELEASE request;");
        _rollbackTo = Create(connection, "ROLLBACK TO request;");
        _insertEvent = new SqliteRawStatement(connection,
            "INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp) VALUES (?1, ?2, ?3, ?4, ?5);");
        _highest = Create(connection, SqliteQueries.Highest, "$id");
        _recordHighest = Create(connection, """
            INSERT INTO journal_highest (persistence_id, seq) VALUES ($id, $seq)
            ON CONFLICT (persistence_id) DO UPDATE SET seq = max(seq, excluded.seq);
            """, "$id", "$seq");
        _deleteEvents = Create(connection, "DELETE FROM journal_events WHERE persistence_id = $id AND seq <= $seq;", "$id", "$seq");
        _upsertSnapshot = Create(connection, "INSERT OR REPLACE INTO snapshots (persistence_id, seq, manifest, payload, timestamp) VALUES ($id, $seq, $manifest, $payload, $ts);",
            "$id", "$seq", "$manifest", "$payload", "$ts");
        _deleteSnapshots = Create(connection, "DELETE FROM snapshots WHERE persistence_id = $id AND seq <= $seq;", "$id", "$seq");
        _upsertWakeup = Create(connection, "INSERT INTO wakeups (entity_id, due_at) VALUES ($id, $due) ON CONFLICT (entity_id) DO UPDATE SET due_at = excluded.due_at;",
            "$id", "$due");
        _deleteWakeup = Create(connection, "DELETE FROM wakeups WHERE entity_id = $id;", "$id");
        foreach (var command in _all)
            command.Prepare();
    }

    public void Begin() => _begin.ExecuteNonQuery();

    public void Commit() => _commit.ExecuteNonQuery();

    public void Rollback() => _rollback.ExecuteNonQuery();

    public void Savepoint() => _savepoint.ExecuteNonQuery();

    public void Release() => _release.ExecuteNonQuery();

    public void RollbackToSavepoint() => _rollbackTo.ExecuteNonQuery();

    public void InsertEvent(string persistenceId, long seq, SerializedEvent data, long timestamp)
    {
        _insertEvent.Bind(1, persistenceId).Bind(2, seq).Bind(3, data.Manifest).BindBlob(4, data.Payload).Bind(5, timestamp).Execute();
    }

    public long Highest(string persistenceId) => (long)Run(_highest, persistenceId).ExecuteScalar()!;

    public void RecordHighest(string persistenceId, long seq) => Run(_recordHighest, persistenceId, seq).ExecuteNonQuery();

    public void DeleteEvents(string persistenceId, long toSeq) => Run(_deleteEvents, persistenceId, toSeq).ExecuteNonQuery();

    public void UpsertSnapshot(string persistenceId, long seq, SerializedEvent data, long timestamp) =>
        Run(_upsertSnapshot, persistenceId, seq, data.Manifest, data.Payload, timestamp).ExecuteNonQuery();

    public void DeleteSnapshots(string persistenceId, long toSeq) => Run(_deleteSnapshots, persistenceId, toSeq).ExecuteNonQuery();

    public void UpsertWakeup(string entityId, long dueAtMs) => Run(_upsertWakeup, entityId, dueAtMs).ExecuteNonQuery();

    public void DeleteWakeup(string entityId) => Run(_deleteWakeup, entityId).ExecuteNonQuery();

    public void Dispose()
    {
        _insertEvent.Dispose();
        foreach (var command in _all)
            command.Dispose();
    }

    private static SqliteCommand Run(SqliteCommand command, params ReadOnlySpan<object> values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        return command;
    }

    private SqliteCommand Create(SqliteConnection connection, string sql, params ReadOnlySpan<string> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        _all.Add(command);
        return command;
    }
}
