namespace Caisey.Node.Journal;

/// <summary>A thread-safe in-memory <see cref="ISnapshotStore"/>; snapshots go through the serializer like in durable stores.</summary>
public sealed class InMemorySnapshotStore(IEventSerializer serializer, TimeProvider? timeProvider = null) : ISnapshotStore
{
    private readonly Dictionary<string, SortedList<long, InMemoryStoredEvent>> _snapshots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        SerializedEvent data;
        try
        {
            data = JournalSerialization.SerializeOne(serializer, snapshot);
        }
        catch (JournalSerializationException e)
        {
            return ValueTask.FromException(e);
        }

        lock (_lock)
        {
            if (!_snapshots.TryGetValue(persistenceId, out var list))
                _snapshots.Add(persistenceId, list = []);
            list[sequenceNr] = new InMemoryStoredEvent(sequenceNr, data, _time.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SnapshotEntry?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        InMemoryStoredEvent? found = null;
        lock (_lock)
        {
            if (_snapshots.TryGetValue(persistenceId, out var list))
            {
                for (var i = list.Count - 1; i >= 0 && found is null; i--)
                {
                    if (list.Keys[i] <= maxSequenceNr)
                        found = list.Values[i];
                }
            }
        }

        if (found is not { } stored)
            return ValueTask.FromResult<SnapshotEntry?>(null);
        var value = JournalSerialization.Deserialize(serializer, stored.Data.Manifest, stored.Data.Payload);
        return ValueTask.FromResult<SnapshotEntry?>(new SnapshotEntry(persistenceId, stored.SequenceNr, value, stored.Timestamp));
    }

    public ValueTask DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_snapshots.TryGetValue(persistenceId, out var list))
            {
                while (list.Count > 0 && list.Keys[0] <= maxSequenceNr)
                    list.RemoveAt(0);
            }
        }

        return ValueTask.CompletedTask;
    }
}
