namespace Caisey.Node.Journal;

/// <summary>Deletes events up to a sequence number, first recording the highest one so that it survives.</summary>
internal sealed class SqliteDeleteRequest(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override long Execute(SqliteWriter writer, long timestamp)
    {
        var highest = writer.HighestOf(PersistenceId);
        if (highest == 0)
            return 0;
        writer.Commands.RecordHighest(PersistenceId, highest);
        writer.Commands.DeleteEvents(PersistenceId, toSequenceNr);
        return highest;
    }
}
