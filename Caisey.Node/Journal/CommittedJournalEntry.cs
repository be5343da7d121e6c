namespace Caisey.Node.Journal;

/// <summary>An event read by following the journal, with the position to continue after it.</summary>
public sealed record CommittedJournalEntry(JournalPosition Position, JournalEntry Entry);
