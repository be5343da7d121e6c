namespace Caisey.Node.Journal;

/// <summary>Sets (<paramref name="dueAtMs"/> in Unix ms) or removes (null) an entity's due time in the <c>wakeups</c> table.</summary>
internal sealed class SqliteWakeupRequest(string entityId, long? dueAtMs, CancellationToken cancellationToken)
    : SqliteWriteRequest(entityId, cancellationToken)
{
    public override bool SingleStatement => true;

    public override long Execute(SqliteWriter writer, long timestamp)
    {
        if (dueAtMs is { } due)
            writer.Commands.UpsertWakeup(PersistenceId, due);
        else
            writer.Commands.DeleteWakeup(PersistenceId);
        return 0;
    }
}
