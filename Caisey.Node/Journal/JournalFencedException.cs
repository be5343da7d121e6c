namespace Caisey.Node.Journal;

/// <summary>An append was rejected because the writer no longer holds the shard's lease (stale or missing epoch).</summary>
public sealed class JournalFencedException : Exception
{
    public JournalFencedException(string persistenceId, int shardId, long? epoch)
        : base($"Append for '{persistenceId}' rejected: this node does not hold shard {shardId}" +
               (epoch is { } e ? $" at epoch {e} (the lease moved or expired)." : " (no lease)."))
    {
        PersistenceId = persistenceId;
        ShardId = shardId;
        Epoch = epoch;
    }

    public JournalFencedException()
    {
        PersistenceId = "";
    }

    public JournalFencedException(string message) : base(message)
    {
        PersistenceId = "";
    }

    public JournalFencedException(string message, Exception innerException) : base(message, innerException)
    {
        PersistenceId = "";
    }

    public string PersistenceId { get; }

    public int ShardId { get; }

    public long? Epoch { get; }
}
