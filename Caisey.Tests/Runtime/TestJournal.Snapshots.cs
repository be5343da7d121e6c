using Caisey.Node.Journal;

namespace Caisey.Tests.Runtime;

public sealed partial class TestJournal : ISnapshotStore
{
    private readonly Dictionary<string, SortedDictionary<long, SnapshotEntry>> _snapshots = new(StringComparer.Ordinal);

    /// <summary>Snapshots saved: persistence id and sequence number.</summary>
    public List<(string PersistenceId, long SequenceNr)> SnapshotsSaved { get; } = [];

    /// <summary>Sequence numbers of the snapshots stored now for <paramref name="persistenceId"/>.</summary>
    public long[] SnapshotsHeld(string persistenceId)
    {
        lock (_gate)
            return _snapshots.TryGetValue(persistenceId, out var byNr) ? byNr.Keys.ToArray() : [];
    }

    public ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default)
    {
        var stored = RoundTrip(snapshot);
        lock (_gate)
        {
            var byNr = _snapshots.TryGetValue(persistenceId, out var existing) ? existing : _snapshots[persistenceId] = [];
            byNr[sequenceNr] = new SnapshotEntry(persistenceId, sequenceNr, stored, DateTimeOffset.UnixEpoch);
            SnapshotsSaved.Add((persistenceId, sequenceNr));
        }
        return ValueTask.CompletedTask;
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
