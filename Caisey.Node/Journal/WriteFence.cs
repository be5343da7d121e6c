namespace Caisey.Node.Journal;

/// <summary>The lease an append is written under: the shard of the persistence id and its owner's epoch.</summary>
/// <remarks>
/// A fenced journal stores the epoch with each event and, in the same transaction, checks that the shard's lease row
/// still names this epoch and has not expired; otherwise the append fails with <see cref="JournalFencedException"/>
/// and stores nothing. Taking a lease over increments the epoch, so a paused or partitioned former owner cannot write.
/// </remarks>
public readonly record struct WriteFence(int ShardId, long Epoch);

/// <summary>Tells a journal which lease an entity's appends are written under.</summary>
public interface IWriteFence
{
    /// <summary>The fence for <paramref name="persistenceId"/>; null when this node holds no lease for its shard
    /// (a fenced journal then rejects the append).</summary>
    WriteFence? For(string persistenceId);
}
