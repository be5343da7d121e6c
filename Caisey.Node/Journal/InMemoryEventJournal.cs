using System.Runtime.CompilerServices;

namespace Caisey.Node.Journal;

/// <summary>A thread-safe in-memory <see cref="IEventJournal"/> for tests and single-process runs.</summary>
/// <remarks>
/// Events go through the <see cref="IEventSerializer"/> like in the durable journals, so a type that
/// cannot be stored fails here too. Nothing survives the process.
/// </remarks>
public sealed class InMemoryEventJournal(IEventSerializer serializer, TimeProvider? timeProvider = null) : IEventJournal
{
    private readonly Dictionary<string, InMemoryEventStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public ValueTask<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default)
    {
        if (!JournalSerialization.TryPrepareAppend(serializer, persistenceId, expectedSequenceNr, events, cancellationToken, out var serialized, out var failed))
            return failed;

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var stream = GetOrAdd(persistenceId);
            if (stream.Highest != expectedSequenceNr)
                return ValueTask.FromException<long>(new JournalConcurrencyException(persistenceId, expectedSequenceNr, stream.Highest));
            foreach (var data in serialized)
                stream.Events.Add(new InMemoryStoredEvent(++stream.Highest, data, now));
            return ValueTask.FromResult(stream.Highest);
        }
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<InMemoryStoredEvent> selected = [];
        lock (_lock)
        {
            if (_streams.TryGetValue(persistenceId, out var stream))
            {
                foreach (var stored in stream.Events)
                {
                    if (selected.Count >= max || stored.SequenceNr > toSequenceNr)
                        break;
                    if (stored.SequenceNr >= fromSequenceNr)
                        selected.Add(stored);
                }
            }
        }

        foreach (var stored in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var value = JournalSerialization.Deserialize(serializer, stored.Data.Manifest, stored.Data.Payload);
            yield return new JournalEntry(persistenceId, stored.SequenceNr, value, stored.Timestamp);
        }
    }

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return ValueTask.FromResult(_streams.TryGetValue(persistenceId, out var stream) ? stream.Highest : 0);
    }

    public ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(persistenceId, out var stream))
                stream.Events.RemoveAll(e => e.SequenceNr <= toSequenceNr);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InMemoryEventStream GetOrAdd(string persistenceId)
    {
        if (!_streams.TryGetValue(persistenceId, out var stream))
            _streams.Add(persistenceId, stream = new InMemoryEventStream());
        return stream;
    }
}
