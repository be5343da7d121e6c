namespace Caisey.Node.Journal;

/// <summary>Saves (or overwrites) the snapshot of an id at a sequence number.</summary>
internal sealed class SqliteSnapshotSaveRequest(string persistenceId, long sequenceNr, SerializedEvent snapshot, CancellationToken cancellationToken)
    : SqliteWriteRequest(persistenceId, cancellationToken)
{
    public override long Execute(SqliteWriter writer, long timestamp)
    {
        writer.Commands.UpsertSnapshot(PersistenceId, sequenceNr, snapshot, timestamp);
        return sequenceNr;
    }
}
