namespace Caisey.Node.Journal;

/// <summary>Appends serialized events after an expected sequence number.</summary>
internal sealed class SqliteAppendRequest(string persistenceId, long expectedSequenceNr, SerializedEvent[] events, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override int EventCount => events.Length;

    // The concurrency check only reads; one event is one INSERT.
    public override bool SingleStatement => events.Length == 1;

    public override long Execute(SqliteWriter writer, long timestamp)
    {
        var highest = writer.HighestOf(PersistenceId);
        if (highest != expectedSequenceNr)
            throw new JournalConcurrencyException(PersistenceId, expectedSequenceNr, highest);
        var seq = expectedSequenceNr;
        foreach (var data in events)
            writer.Commands.InsertEvent(PersistenceId, ++seq, data, timestamp);
        writer.NoteHighest(PersistenceId, seq);
        return seq;
    }
}
