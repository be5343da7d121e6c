using System.Text;
using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>A pooled read-only connection with its prepared queries (WAL lets readers run beside the writer).</summary>
/// <remarks>A replay's statements (the head, then one row per event) run through <see cref="SqliteRawStatement"/>.</remarks>
internal sealed class SqliteReadConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteRawStatement _begin, _commit, _head, _row;

    private SqliteReadConnection(SqliteConnection connection)
    {
        _connection = connection;
        _begin = new SqliteRawStatement(connection, "BEGIN;");
        _commit = new SqliteRawStatement(connection, "COMMIT;");
        _head = new SqliteRawStatement(connection, SqliteQueries.Head);
        _row = new SqliteRawStatement(connection, "SELECT persistence_id, seq, coalesce(prev, 0), timestamp, manifest, payload FROM journal_events WHERE ordering = ?1;");
        Highest = Create(SqliteQueries.Highest, "$id");
        LoadSnapshot = Create(SqliteQueries.LoadSnapshot, "$id", "$max");
        LoadWakeups = Create(SqliteQueries.LoadWakeups);
    }

    public SqliteCommand Highest { get; }

    public SqliteCommand LoadSnapshot { get; }

    public SqliteCommand LoadWakeups { get; }

    public static SqliteReadConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;";
            pragmas.ExecuteNonQuery();
            return new SqliteReadConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Starts a read transaction: what follows sees one snapshot of the file until <see cref="EndRead"/>.</summary>
    public void BeginRead() => _begin.Execute();

    /// <summary>Ends the read transaction, if one is open (safe to call after a failed read).</summary>
    public void EndRead()
    {
        if (_connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
            _commit.Execute();
    }

    /// <summary>At most this many events are read whole while the chain is walked; a longer range is read row by row after.</summary>
    internal const int ReadWhileWalking = 1024;

    /// <summary>
    /// The events of <paramref name="persistenceId"/> from <paramref name="from"/> to <paramref name="to"/>, at most
    /// <paramref name="max"/>, oldest first: walked back from the id's head along <c>prev</c>. A range of up to
    /// <see cref="ReadWhileWalking"/> events is read whole on the way (one lookup per event); a longer one yields only
    /// row numbers, read by <see cref="ReadWhole"/> later, so that memory stays small. A link to a row of another id, or
    /// to a sequence number not below the last one, ends the chain: after a delete, SQLite may give a deleted row's number
    /// to a newer event.
    /// </summary>
    public List<ChainedEvent> Chain(string persistenceId, long from, long to, long max)
    {
        var events = new List<ChainedEvent>();
        if (!_head.Bind(1, persistenceId).Read())
            return events;
        var (above, ordering) = (_head.Int64(0) + 1, _head.Int64(1));
        _head.Reset();
        var whole = Math.Min(above - 1, to) - Math.Max(from, 0) < ReadWhileWalking;
        var id = Encoding.UTF8.GetBytes(persistenceId);
        while (ordering != 0 && _row.Bind(1, ordering).Read())
        {
            try
            {
                var (same, seq, prev) = (_row.Utf8(0).SequenceEqual(id), _row.Int64(1), _row.Int64(2));
                if (!same || seq >= above || seq < from)
                    break;
                if (seq <= to)
                    events.Add(whole ? CurrentRow(ordering) : new ChainedEvent(ordering, seq));
                if (seq == from)
                    break;
                (above, ordering) = (seq, prev);
            }
            finally
            {
                _row.Reset();
            }
        }
        events.Reverse();
        if (events.Count > max)
            events.RemoveRange((int)max, events.Count - (int)max);
        return events;
    }

    /// <summary>Row <paramref name="ordering"/> read whole; null if the row is gone.</summary>
    public ChainedEvent? ReadWhole(long ordering)
    {
        if (!_row.Bind(1, ordering).Read())
            return null;
        try
        {
            return CurrentRow(ordering);
        }
        finally
        {
            _row.Reset();
        }
    }

    private ChainedEvent CurrentRow(long ordering) =>
        new(ordering, _row.Int64(1), _row.Int64(3), _row.Text(4), _row.Blob(5).ToArray());

    public void Dispose()
    {
        foreach (var statement in (SqliteRawStatement[])[_begin, _commit, _head, _row])
            statement.Dispose();
        Highest.Dispose();
        LoadSnapshot.Dispose();
        LoadWakeups.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Create(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}
