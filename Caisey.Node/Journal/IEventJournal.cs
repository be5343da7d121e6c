namespace Caisey.Node.Journal;

/// <summary>
/// An append-only, per-entity event journal with optimistic concurrency.
/// </summary>
/// <remarks>
/// Contract (checked by <c>JournalSpec</c>, which every implementation subclasses):
/// <list type="bullet">
/// <item>Sequence numbers of one persistence id start at 1 and are gap-free.</item>
/// <item><see cref="AppendAsync"/> is atomic: all of its events are stored, or none.</item>
/// <item>An append whose <c>expectedSequenceNr</c> is not the stored highest sequence number fails
/// with <see cref="JournalConcurrencyException"/> and stores nothing.</item>
/// <item>An event the serializer rejects fails its own append with
/// <see cref="JournalSerializationException"/>; appends batched with it are not affected.</item>
/// <item>When the returned task completes, the events are durable (for durable journals: on disk).</item>
/// <item>Appends to one persistence id are applied in the order <see cref="AppendAsync"/> was called, so that an entity
/// may queue its next append before the previous one completed (a failed one makes the later ones fail their
/// expected-sequence check).</item>
/// <item><see cref="DeleteToAsync"/> removes events, but the highest sequence number survives.</item>
/// </list>
/// </remarks>
public interface IEventJournal : IAsyncDisposable
{
    /// <summary>Appends <paramref name="events"/> after <paramref name="expectedSequenceNr"/>.</summary>
    /// <returns>The sequence number of the last event appended.</returns>
    ValueTask<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="AppendAsync"/> for events that nothing outside their entity waits on (an agent's ack of a dispatch): a
    /// journal that commits in groups may hold them up to its linger so that they share the next commit. Same contract
    /// once the task completes; a crash before then loses them, as it would any append not yet complete.
    /// </summary>
    ValueTask<long> AppendDeferredAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default) =>
        AppendAsync(persistenceId, expectedSequenceNr, events, cancellationToken);

    /// <summary>Commits held deferred appends now: something waits on them after all. No-op where nothing is held.</summary>
    void CommitDeferredNow()
    {
    }

    /// <summary>Replays events with <paramref name="fromSequenceNr"/> ≤ seq ≤ <paramref name="toSequenceNr"/>, at most <paramref name="max"/>, in order.</summary>
    IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever stored for the id (0 when none), surviving deletes.</summary>
    ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes events with seq ≤ <paramref name="toSequenceNr"/>.</summary>
    ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}
