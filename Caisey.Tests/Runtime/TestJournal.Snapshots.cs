using Caisey.Node.Journal;

namespace Caisey.Tests.Runtime;

public sealed partial class TestJournal : ISnapshotStore
{
    private readonly Dictionary<string, SortedDictionary<long, SnapshotEntry>> _snapshots = new(StringComparer.Ordinal);

    private TaskCompletionSource? _snapshotHold;
    private TaskCompletionSource _snapshotSaveStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _snapshotFailuresToInject;

    private readonly List<(string PersistenceId, long SequenceNr)> _snapshotsSaved = [];
    private readonly List<(string PersistenceId, long SequenceNr)> _snapshotSavesStarted = [];

    /// <summary>Snapshots saved: persistence id and sequence number (a copy: saves run beside the entity's runner).</summary>
    public IReadOnlyList<(string PersistenceId, long SequenceNr)> SnapshotsSaved
    {
        get { lock (_gate) return [.. _snapshotsSaved]; }
    }

    /// <summary>Snapshot saves asked for, held and failed ones included.</summary>
    public IReadOnlyList<(string PersistenceId, long SequenceNr)> SnapshotSavesStarted
    {
        get { lock (_gate) return [.. _snapshotSavesStarted]; }
    }

    /// <summary>Completes when a snapshot save has started (and, when held, is waiting).</summary>
    public Task SnapshotSaveStarted
    {
        get { lock (_gate) return _snapshotSaveStarted.Task; }
    }

    /// <summary>Snapshot saves from now on wait until <see cref="ReleaseSnapshots"/> (or their cancellation).</summary>
    public void HoldSnapshots()
    {
        lock (_gate)
        {
            _snapshotHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _snapshotSaveStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseSnapshots()
    {
        lock (_gate)
        {
            _snapshotHold?.TrySetResult();
            _snapshotHold = null;
        }
    }

    /// <summary>The next <paramref name="count"/> snapshot saves fail with an <see cref="IOException"/> and store nothing.</summary>
    public void FailNextSnapshots(int count)
    {
        lock (_gate) _snapshotFailuresToInject = count;
    }

    /// <summary>Sequence numbers of the snapshots stored now for <paramref name="persistenceId"/>.</summary>
    public long[] SnapshotsHeld(string persistenceId)
    {
        lock (_gate)
            return _snapshots.TryGetValue(persistenceId, out var byNr) ? byNr.Keys.ToArray() : [];
    }

    public async ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default)
    {
        Task hold;
        lock (_gate)
        {
            _snapshotSavesStarted.Add((persistenceId, sequenceNr));
            _snapshotSaveStarted.TrySetResult();
            hold = _snapshotHold?.Task ?? Task.CompletedTask;
        }
        await hold.WaitAsync(cancellationToken);
        var stored = RoundTrip(snapshot);
        lock (_gate)
        {
            if (_snapshotFailuresToInject > 0)
            {
                _snapshotFailuresToInject--;
                throw new IOException($"Injected snapshot store failure saving '{persistenceId}' at {sequenceNr}.");
            }
            var byNr = _snapshots.TryGetValue(persistenceId, out var existing) ? existing : _snapshots[persistenceId] = [];
            byNr[sequenceNr] = new SnapshotEntry(persistenceId, sequenceNr, stored, DateTimeOffset.UnixEpoch);
            _snapshotsSaved.Add((persistenceId, sequenceNr));
        }
    }

    public ValueTask<SnapshotEntry?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = _snapshots.TryGetValue(persistenceId, out var byNr)
                ? byNr.Values.LastOrDefault(s => s.SequenceNr <= maxSequenceNr)
                : null;
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_snapshots.TryGetValue(persistenceId, out var byNr))
                foreach (var nr in byNr.Keys.Where(k => k <= maxSequenceNr).ToList())
                    byNr.Remove(nr);
        }
        return ValueTask.CompletedTask;
    }
}
