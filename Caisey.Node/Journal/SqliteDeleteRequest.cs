namespace Caisey.Node.Journal;

/// <summary>Deletes events up to a sequence number; the id's head keeps the highest one.</summary>
internal sealed class SqliteDeleteRequest(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override long Execute(SqliteWriter writer, long timestamp)
    {
        var highest = writer.HeadOf(PersistenceId).Seq;
        if (highest == 0)
            return 0;
        writer.Commands.DeleteEvents(PersistenceId, toSequenceNr);
        return highest;
    }
}
