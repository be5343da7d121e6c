namespace Caisey.Node.Journal;

/// <summary>One persistence id's stored events in <see cref="InMemoryEventJournal"/>; guarded by the journal's lock.</summary>
internal sealed class InMemoryEventStream
{
    public List<InMemoryStoredEvent> Events { get; } = [];

    /// <summary>Highest sequence number ever stored; survives deletes.</summary>
    public long Highest { get; set; }
}
