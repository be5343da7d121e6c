namespace Caisey.Node.Journal;

/// <summary>Appends serialized events after an expected sequence number: the rows, chained to the id's head, then the head.</summary>
internal sealed class SqliteAppendRequest(string persistenceId, long expectedSequenceNr, SerializedEvent[] events, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override int EventCount => events.Length;

    public override long Execute(SqliteWriter writer, long timestamp)
    {
        var head = writer.HeadOf(PersistenceId);
        if (head.Seq != expectedSequenceNr)
            throw new JournalConcurrencyException(PersistenceId, expectedSequenceNr, head.Seq);
        var (seq, ordering) = head;
        foreach (var data in events)
            ordering = writer.Commands.InsertEvent(PersistenceId, ++seq, ordering, data, timestamp);
        var moved = new JournalHead(seq, ordering);
        if (!writer.Commands.MoveHead(PersistenceId, moved, expectedSequenceNr))
            throw new JournalConcurrencyException(PersistenceId, expectedSequenceNr, writer.Commands.Head(PersistenceId).Seq);
        writer.NoteHead(PersistenceId, moved);
        return seq;
    }
}
