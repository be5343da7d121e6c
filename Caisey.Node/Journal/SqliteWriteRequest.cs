namespace Caisey.Node.Journal;

/// <summary>
/// A write handed to the <see cref="SqliteWriter"/>. It runs inside the batch's transaction under its own
/// savepoint; its outcome is published only after the batch commits (or fails with the commit).
/// </summary>
internal abstract class SqliteWriteRequest(string persistenceId, CancellationToken cancellationToken)
    : WriterRequest(persistenceId, cancellationToken)
{
    /// <summary>Events this request stores when it succeeds (0 for non-appends).</summary>
    public virtual int EventCount => 0;

    /// <summary>
    /// True when the request writes with at most one statement: SQLite undoes a failed statement's own changes, so the
    /// writer runs it without the savepoint (two statements fewer per request).
    /// </summary>
    public virtual bool SingleStatement => false;

    /// <summary>Does the request's writes; throws to fail only this request.</summary>
    public abstract long Execute(SqliteWriter writer, long timestamp);
}
