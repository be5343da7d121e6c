namespace Caisey.Node.Journal;

/// <summary>Deletes the snapshots of an id up to a sequence number.</summary>
internal sealed class SqliteSnapshotDeleteRequest(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override long Execute(SqliteWriter writer, long timestamp)
    {
        writer.Commands.DeleteSnapshots(PersistenceId, maxSequenceNr);
        return maxSequenceNr;
    }
}
