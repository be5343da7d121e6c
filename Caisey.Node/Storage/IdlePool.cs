using System.Collections.Concurrent;

namespace Caisey.Node.Storage;

/// <summary>
/// Idle SQLite connections with their prepared statements, rented per call and returned after it: opens more under load
/// and keeps at most <paramref name="maxIdle"/> idle. The journal's read connections and the stores' statement
/// connections (<see cref="SqliteStatements"/>) use it.
/// </summary>
internal sealed class IdlePool<T>(Func<T> open, int maxIdle) : IDisposable
    where T : IDisposable
{
    private readonly ConcurrentBag<T> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>Idle items now.</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    public T Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var item))
        {
            Interlocked.Decrement(ref _idleCount);
            return item;
        }

        return open();
    }

    /// <summary>Keeps <paramref name="item"/> for the next caller, or disposes it when enough are idle or the pool is disposed.</summary>
    public void Return(T item)
    {
        if (!_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= maxIdle)
            {
                _idle.Add(item);
                if (_disposed)
                    Drain();
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        item.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var item))
        {
            Interlocked.Decrement(ref _idleCount);
            item.Dispose();
        }
    }
}
