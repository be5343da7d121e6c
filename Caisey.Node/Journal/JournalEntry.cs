namespace Caisey.Node.Journal;

/// <summary>One stored event.</summary>
public sealed record JournalEntry(string PersistenceId, long SequenceNr, object Event, DateTimeOffset Timestamp);
