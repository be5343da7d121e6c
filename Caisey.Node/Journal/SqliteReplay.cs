using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>
/// One replay query streamed from a pooled read connection, deserializing row by row. The connection goes
/// back to the pool when the enumeration ends or is disposed.
/// </summary>
internal sealed class SqliteReplay(
    IdlePool<SqliteReadConnection> pool, IEventSerializer serializer, string persistenceId, long from, long to, long max, CancellationToken cancellationToken)
    : IAsyncEnumerable<JournalEntry>, IAsyncEnumerator<JournalEntry>
{
    private SqliteReadConnection? _connection;
    private SqliteDataReader? _reader;
    private CancellationToken _enumeratorToken;
    private JournalEntry? _current;
    private int _enumerated;
    private bool _done;

    public JournalEntry Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

    public IAsyncEnumerator<JournalEntry> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            return new SqliteReplay(pool, serializer, persistenceId, from, to, max, _enumeratorToken).GetAsyncEnumerator(cancellationToken);
        _enumeratorToken = cancellationToken;
        return this;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_done)
            return new ValueTask<bool>(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            _enumeratorToken.ThrowIfCancellationRequested();
            var reader = _reader ?? Start();
            if (reader is null || !reader.Read())
            {
                Close();
                return new ValueTask<bool>(false);
            }

            var manifest = reader.GetString(1);
            var payload = reader.GetFieldValue<byte[]>(2);
            var value = JournalSerialization.Deserialize(serializer, manifest, payload);
            _current = new JournalEntry(persistenceId, reader.GetInt64(0), value, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
            return new ValueTask<bool>(true);
        }
        catch
        {
            Close();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private SqliteDataReader? Start()
    {
        if (from > to || max <= 0)
            return null;
        _connection = pool.Rent();
        var command = _connection.Replay;
        command.Parameters[0].Value = persistenceId;
        command.Parameters[1].Value = from;
        command.Parameters[2].Value = to;
        command.Parameters[3].Value = max;
        return _reader = command.ExecuteReader();
    }

    private void Close()
    {
        _done = true;
        _reader?.Dispose();
        _reader = null;
        if (_connection is { } connection)
        {
            _connection = null;
            pool.Return(connection);
        }
    }
}
