namespace Caisey.Node.Runtime;

/// <summary>
/// Snapshots, saved off the pipeline. A snapshot is only an optimisation — the journal holds everything, and the state
/// saved is immutable and as of a sequence number that is already durable — so a step does not wait for one: its
/// serialization (hundreds of µs for an endpoint) and its commit (a full group-commit cycle under load) would hold the
/// step's effects and reply, and every later message of the entity, for nothing.
/// </summary>
/// <remarks>
/// Only the runner reads and writes these fields; the save running on the thread pool touches none of them and hands its
/// outcome back as its task's result, which the runner reads once the task is done.
/// </remarks>
internal sealed partial class EntityCell<TState, TMessage>
{
    /// <summary>The newest snapshot known to be stored (loaded by recovery or saved since); the next is due from it.</summary>
    private long _snapshotSequenceNr;

    /// <summary>
    /// The save started last, null once the runner has taken its outcome: the sequence number it stored, or 0 when it
    /// failed (logged). At most one runs per entity.
    /// </summary>
    private Task<long>? _snapshotSave;

    /// <summary>Starts saving <paramref name="state"/> (as of <paramref name="sequenceNr"/>, durable) once enough events passed since the last snapshot.</summary>
    /// <remarks>
    /// While the previous save is still running a due snapshot is skipped: the next step takes it, since it is still due
    /// then. A failed save does not move <see cref="_snapshotSequenceNr"/>, so the next step with events tries again.
    /// </remarks>
    private void SnapshotIfDue(TState state, long sequenceNr, CancellationToken stopping)
    {
        var every = _host.Options.SnapshotEvery;
        if (every == 0 || stopping.IsCancellationRequested)
            return;
        if (_snapshotSave is { } running)
        {
            if (!running.IsCompleted)
                return;
            // Math.Max: a recovery since it started may have loaded that very snapshot already.
            _snapshotSequenceNr = Math.Max(_snapshotSequenceNr, running.Result);
            _snapshotSave = null;
        }
        if (sequenceNr - _snapshotSequenceNr < every)
            return;
        // The store serializes before it enqueues (SaveAsync returns only then): on the thread pool, not on the runner.
        var previous = _snapshotSequenceNr;
        _snapshotSave = Task.Run(() => SaveSnapshotAsync(state, sequenceNr, previous, stopping));
    }

    /// <summary>Saves a snapshot, then prunes those before <paramref name="previous"/>; returns the sequence number stored, 0 if none.</summary>
    /// <remarks>
    /// Keeps this snapshot and the one before it (a fallback); older ones only take space. The prune waits for the save,
    /// so a failed save leaves both the newest good snapshot and its fallback. Nothing thrown escapes: failures are logged,
    /// and while the host stops (its journal may already refuse) they are swallowed — the journal has every event.
    /// </remarks>
    private async Task<long> SaveSnapshotAsync(TState state, long sequenceNr, long previous, CancellationToken stopping)
    {
        try
        {
            await _host.Snapshots.SaveAsync(EntityId, sequenceNr, state, stopping);
        }
        catch (Exception e)
        {
            if (!stopping.IsCancellationRequested)
                _host.LogSnapshotFailed(EntityId, sequenceNr, e);
            return 0;
        }
        if (previous > 1)
        {
            try
            {
                await _host.Snapshots.DeleteAsync(EntityId, previous - 1, stopping);
            }
            catch (Exception e)
            {
                // The next prune deletes everything up to its own bound, these included.
                if (!stopping.IsCancellationRequested)
                    _host.LogSnapshotPruneFailed(EntityId, previous - 1, e);
            }
        }
        return sequenceNr;
    }

    /// <summary>Waits for a save still running, so that nothing of this incarnation outlives it (it never throws).</summary>
    private Task SnapshotSavedAsync() => _snapshotSave ?? Task.CompletedTask;
}
