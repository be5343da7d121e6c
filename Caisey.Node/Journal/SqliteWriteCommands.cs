using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>The writer's prepared statements, created once and reused for every batch.</summary>
/// <remarks>
/// What every append runs — its savepoint, each event's insert, the head's guarded update — goes through
/// <see cref="SqliteRawStatement"/>; the rest through Microsoft.Data.Sqlite.
/// </remarks>
internal sealed class SqliteWriteCommands : IDisposable
{
    private readonly List<SqliteCommand> _all = [];
    private readonly SqliteCommand _begin, _commit, _rollback, _rollbackTo;
    private readonly SqliteRawStatement _savepoint, _release, _insertEvent, _moveHead;
    private readonly SqliteCommand _head, _deleteEvents, _upsertSnapshot, _deleteSnapshots, _upsertWakeup, _deleteWakeup;

    public SqliteWriteCommands(SqliteConnection connection)
    {
        _begin = Create(connection, "BEGIN IMMEDIATE;");
        _commit = Create(connection, "COMMIT;");
        _rollback = Create(connection, "ROLLBACK;");
        _savepoint = new SqliteRawStatement(connection, "SAVEPOINT request;");
        _release = new SqliteRawStatement(connection, "RELEASE request;");
        _rollbackTo = Create(connection, "ROLLBACK TO request;");
        _insertEvent = new SqliteRawStatement(connection,
            "INSERT INTO journal_events (persistence_id, seq, prev, timestamp, manifest, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6);");
        // Moves an id's head only from the sequence number the append expected: a backstop for the writer's cache
        // (another process writing the same file), as the unique index was before migration 4.
        _moveHead = new SqliteRawStatement(connection, """
            INSERT INTO journal_heads (persistence_id, seq, ordering) VALUES (?1, ?2, ?3)
            ON CONFLICT (persistence_id) DO UPDATE SET seq = excluded.seq, ordering = excluded.ordering WHERE journal_heads.seq = ?4;
            """);
        _head = Create(connection, SqliteQueries.Head, "$id");
        _deleteEvents = Create(connection, SqliteQueries.DeleteEvents, "$id", "$to");
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

    public void Savepoint() => _savepoint.Execute();

    public void Release() => _release.Execute();

    public void RollbackToSavepoint() => _rollbackTo.ExecuteNonQuery();

    /// <summary>Inserts one event after <paramref name="prev"/> (its id's previous row, 0 for none); returns its <c>ordering</c>.</summary>
    public long InsertEvent(string persistenceId, long seq, long prev, SerializedEvent data, long timestamp)
    {
        _insertEvent.Bind(1, persistenceId).Bind(2, seq).Bind(3, prev == 0 ? null : prev).Bind(4, timestamp).Bind(5, data.Manifest).BindBlob(6, data.Payload).Execute();
        return _insertEvent.LastInsertRowId;
    }

    /// <summary>Sets an id's head to <paramref name="head"/> if it still stands at <paramref name="expectedSeq"/>; false if it moved.</summary>
    public bool MoveHead(string persistenceId, JournalHead head, long expectedSeq)
    {
        _moveHead.Bind(1, persistenceId).Bind(2, head.Seq).Bind(3, head.Ordering == 0 ? null : head.Ordering).Bind(4, expectedSeq).Execute();
        return _moveHead.Changes == 1;
    }

    /// <summary>An id's head as stored (<see cref="JournalHead.None"/> for an id never written).</summary>
    public JournalHead Head(string persistenceId)
    {
        using var reader = Run(_head, persistenceId).ExecuteReader();
        return reader.Read() ? new JournalHead(reader.GetInt64(0), reader.GetInt64(1)) : JournalHead.None;
    }

    public void DeleteEvents(string persistenceId, long toSeq) => Run(_deleteEvents, persistenceId, toSeq).ExecuteNonQuery();

    public void UpsertSnapshot(string persistenceId, long seq, SerializedEvent data, long timestamp) =>
        Run(_upsertSnapshot, persistenceId, seq, data.Manifest, data.Payload, timestamp).ExecuteNonQuery();

    public void DeleteSnapshots(string persistenceId, long toSeq) => Run(_deleteSnapshots, persistenceId, toSeq).ExecuteNonQuery();

    public void UpsertWakeup(string entityId, long dueAtMs) => Run(_upsertWakeup, entityId, dueAtMs).ExecuteNonQuery();

    public void DeleteWakeup(string entityId) => Run(_deleteWakeup, entityId).ExecuteNonQuery();

    public void Dispose()
    {
        _insertEvent.Dispose();
        _moveHead.Dispose();
        _savepoint.Dispose();
        _release.Dispose();
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
