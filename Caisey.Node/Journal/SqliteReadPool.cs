using System.Collections.Concurrent;

namespace Caisey.Node.Journal;

/// <summary>Idle read connections, rented per replay or load; opens more under load and keeps at most a few idle.</summary>
internal sealed class SqliteReadPool(string connectionString, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<SqliteReadConnection> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteReadConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }

        return SqliteReadConnection.Open(connectionString);
    }

    public void Return(SqliteReadConnection connection)
    {
        if (!_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Add(connection);
                if (_disposed)
                    Drain();
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var connection))
            connection.Dispose();
    }
}
