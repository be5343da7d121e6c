using Caisey.Node.Storage;

namespace Caisey.Node.Journal;

/// <summary>
/// One replay from a pooled read connection, inside one read transaction (a consistent snapshot of the file): the
/// id's chain is walked back from its head to <c>from</c> (<see cref="SqliteReadConnection.Chain"/>), then the events
/// are deserialized oldest first, one per step. The connection goes back to the pool when the enumeration ends or is disposed.
/// </summary>
internal sealed class SqliteReplay(
    IdlePool<SqliteReadConnection> pool, IEventSerializer serializer, string persistenceId, long from, long to, long max, CancellationToken cancellationToken)
    : IAsyncEnumerable<JournalEntry>, IAsyncEnumerator<JournalEntry>
{
    private SqliteReadConnection? _connection;
    private List<ChainedEvent>? _rows;
    private int _next;
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
            var rows = _rows ?? Start();
            while (rows is not null && _next < rows.Count)
            {
                var row = rows[_next++];
                if ((row.Payload is null ? _connection!.ReadWhole(row.Ordering) : row) is not { Payload: { } payload } whole)
                    continue;
                _current = new JournalEntry(persistenceId, whole.Seq, JournalSerialization.Deserialize(serializer, whole.Manifest!, payload),
                    DateTimeOffset.FromUnixTimeMilliseconds(whole.Timestamp));
                return new ValueTask<bool>(true);
            }
            Close();
            return new ValueTask<bool>(false);
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

    private List<ChainedEvent>? Start()
    {
        if (from > to || max <= 0)
            return null;
        _connection = pool.Rent();
        _connection.BeginRead();
        return _rows = _connection.Chain(persistenceId, from, to, max);
    }

    private void Close()
    {
        _done = true;
        _rows = null;
        if (_connection is { } connection)
        {
            _connection = null;
            connection.EndRead();
            pool.Return(connection);
        }
    }
}
