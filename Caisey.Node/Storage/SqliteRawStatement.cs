using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Caisey.Node.Storage;

/// <summary>
/// A statement prepared once on a kept connection and run through SQLite's own API: bind, step, reset. For the two
/// writers' per-record statements (a journal event's insert, an audit record's step check and insert), which run inside
/// a transaction the writer opened, so a step never waits on a lock.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite allocates a binder per parameter and a data reader per execution and walks its statement list
/// each time: a few hundred bytes and microseconds per statement, fifteen statements a command. Strings bind without a
/// copy on the heap (SQLitePCL encodes short ones on the stack; SQLite copies them). An error throws the same
/// <see cref="SqliteException"/> (code, extended code, message) and leaves the statement reset, its bindings cleared.
/// Dispose before the connection.
/// </remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public SqliteRawStatement Bind(int index, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));
        return this;
    }

    public SqliteRawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public SqliteRawStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    public SqliteRawStatement BindBlob(int index, ReadOnlySpan<byte> value)
    {
        // An empty span has no address, which SQLite would bind as NULL: bind an empty blob for it.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));
        return this;
    }

    public SqliteRawStatement BindNull(int index)
    {
        Check(raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    /// <summary>Runs a statement that returns no row.</summary>
    public void Execute() => Step(out _);

    /// <summary>Runs a statement whose first row's first column is an integer (0 when it returns no row).</summary>
    public long ExecuteInt64() => Step(out var value) ? value : 0;

    /// <summary>
    /// Steps a query: true with a row to read through <see cref="Int64"/>, <see cref="Text"/> and <see cref="Blob"/> (valid
    /// until the next call); false once it is done, and then the statement is reset. Call <see cref="Reset"/> to stop early.
    /// </summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
            return true;
        try
        {
            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        }
        finally
        {
            Reset();
        }
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>A text column's UTF-8 bytes, without a copy.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Ends the current execution and clears the bindings.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    /// <summary>The rowid of the connection's last successful insert.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Rows the connection's last statement inserted, updated or deleted.</summary>
    public int Changes => raw.sqlite3_changes(_db);

    public void Dispose() => _statement.Dispose();

    private bool Step(out long first)
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            first = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(_statement, 0) : 0;
            if (rc != raw.SQLITE_ROW)
                Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            return rc == raw.SQLITE_ROW;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>Throws as Microsoft.Data.Sqlite does for a result code (the connection's message and extended code).</summary>
    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
