namespace Caisey.Node.Journal;

/// <summary>
/// A reader's place in the shared PostgreSQL journal: the writing transaction and the global ordering of the last event
/// read. Events are followed in <c>(TransactionId, Ordering)</c> order; <see cref="Start"/> is before every event.
/// </summary>
public readonly record struct JournalPosition(ulong TransactionId, long Ordering)
{
    public static JournalPosition Start => default;
}
