namespace Caisey.Node.Journal;

/// <summary>Stores entity snapshots, keyed by persistence id and sequence number.</summary>
/// <remarks>
/// <see cref="LoadAsync"/> returns the snapshot with the highest sequence number ≤ <c>maxSequenceNr</c>.
/// Saving at a sequence number that already has a snapshot overwrites it.
/// </remarks>
public interface ISnapshotStore
{
    ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default);

    ValueTask<SnapshotEntry?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Deletes snapshots with seq ≤ <paramref name="maxSequenceNr"/>.</summary>
    ValueTask DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default);
}
