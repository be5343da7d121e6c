using System.Runtime.CompilerServices;
using Caisey.Node.Journal;

namespace Caisey.Tests.Runtime;

/// <summary>
/// An in-memory journal and snapshot store that honours the <see cref="IEventJournal"/> contract, outlives the hosts
/// built over it (to simulate node restarts), records what was asked of it, and can be told to fail or hold appends and
/// snapshot saves. With a serializer, every event and snapshot makes a round trip through it, as a real journal's would.
/// </summary>
public sealed partial class TestJournal(IEventSerializer? serializer = null) : IEventJournal
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<JournalEntry>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private int _failuresToInject;
    private TaskCompletionSource? _hold;
    private Task _lastAppend = Task.CompletedTask;
    private TaskCompletionSource _appendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls to <see cref="AppendAsync"/>, failed ones included.</summary>
    public int AppendCalls { get; private set; }

    /// <summary>Every replay asked for: persistence id and first sequence number.</summary>
    public List<(string PersistenceId, long FromSequenceNr)> Replays { get; } = [];

    /// <summary>Completes when an append has started (and, when held, is waiting).</summary>
    public Task AppendStarted
    {
        get { lock (_gate) return _appendStarted.Task; }
    }

    /// <summary>The next <paramref name="count"/> appends fail with an <see cref="IOException"/> and store nothing.</summary>
    public void FailNextAppends(int count)
    {
        lock (_gate) _failuresToInject = count;
    }

    /// <summary>Appends from now on wait until <see cref="ReleaseAppends"/>.</summary>
    public void HoldAppends()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _appendStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseAppends()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
            _hold = null;
        }
    }

    public IReadOnlyList<object> EventsOf(string persistenceId)
    {
        lock (_gate)
            return _events.TryGetValue(persistenceId, out var list) ? [.. list.Select(e => e.Event)] : [];
    }

    public async ValueTask<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default)
    {
        Task hold, previous;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            AppendCalls++;
            _appendStarted.TrySetResult();
            hold = _hold?.Task ?? Task.CompletedTask;
            // Appends are applied in the order they were called (IEventJournal's contract), held or not.
            (previous, _lastAppend) = (_lastAppend, mine.Task);
        }
        try
        {
            await hold.WaitAsync(cancellationToken);
            await previous;
            return Store(persistenceId, expectedSequenceNr, events.Select(RoundTrip).ToList());
        }
        finally
        {
            mine.TrySetResult();
        }
    }

    private long Store(string persistenceId, long expectedSequenceNr, List<object> stored)
    {
        lock (_gate)
        {
            if (_failuresToInject > 0)
            {
                _failuresToInject--;
                throw new IOException($"Injected journal failure appending to '{persistenceId}'.");
            }
            var highest = _highest.GetValueOrDefault(persistenceId);
            if (highest != expectedSequenceNr)
                throw new JournalConcurrencyException(persistenceId, expectedSequenceNr, highest);
            var list = _events.TryGetValue(persistenceId, out var existing) ? existing : _events[persistenceId] = [];
            foreach (var @event in stored)
                list.Add(new JournalEntry(persistenceId, ++highest, @event, DateTimeOffset.UnixEpoch));
            _highest[persistenceId] = highest;
            return highest;
        }
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<JournalEntry> entries;
        lock (_gate)
        {
            Replays.Add((persistenceId, fromSequenceNr));
            entries = _events.TryGetValue(persistenceId, out var list)
                ? [.. list.Where(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr).Take((int)Math.Min(max, int.MaxValue))]
                : [];
        }
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return entry;
        }
    }

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_highest.GetValueOrDefault(persistenceId));
    }

    public ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_events.TryGetValue(persistenceId, out var list))
                list.RemoveAll(e => e.SequenceNr <= toSequenceNr);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing to release: the content outlives every host, like a file would.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private object RoundTrip(object value)
    {
        if (serializer is null)
            return value;
        var (manifest, payload) = serializer.Serialize(value);
        return serializer.Deserialize(manifest, payload);
    }
}
