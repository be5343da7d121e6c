namespace Caisey.Node.Journal;

/// <summary>
/// An append handed to the <see cref="PostgresWriter"/>; its outcome is recorded during the batch and published only
/// after the batch commits (or fails with the commit).
/// </summary>
internal sealed class PostgresAppendRequest(
    string persistenceId, long expectedSequenceNr, SerializedEvent[] events, WriteFence? fence, CancellationToken cancellationToken)
    : WriterRequest(persistenceId, cancellationToken)
{
    public long ExpectedSequenceNr { get; } = expectedSequenceNr;

    public SerializedEvent[] Events { get; } = events;

    /// <summary>The lease the append is written under; null when the journal is not fenced.</summary>
    public WriteFence? Fence { get; } = fence;
}
