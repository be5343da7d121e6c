namespace Caisey.Node.Journal;

/// <summary>An append's expected sequence number was not the stored highest one.</summary>
public sealed class JournalConcurrencyException(string persistenceId, long expected, long actual)
    : Exception($"Append to '{persistenceId}' expected sequence number {expected}, but the journal is at {actual}.")
{
    public string PersistenceId { get; } = persistenceId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
