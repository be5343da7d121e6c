namespace Caisey.Node.Journal;

/// <summary>Options of the PostgreSQL event journal and snapshot store.</summary>
public sealed class PostgresJournalOptions
{
    /// <summary>Most appends that share one transaction and one commit. Default 500.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// The lease every append is fenced under; null (the default) for a single node. When set, an append whose shard this
    /// node does not hold fails with <see cref="JournalFencedException"/>, and <see cref="NodeId"/> is required.
    /// </summary>
    public IWriteFence? Fence { get; set; }

    /// <summary>This node's id, compared with <c>cluster_shards.owner_node_id</c> when <see cref="Fence"/> is set.</summary>
    public string? NodeId { get; set; }

    /// <summary>Returns every problem with these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxBatchSize is < 1 or > 100_000)
            errors.Add($"{nameof(MaxBatchSize)} must be between 1 and 100000, not {MaxBatchSize}.");
        if (Fence is not null && string.IsNullOrWhiteSpace(NodeId))
            errors.Add($"{nameof(NodeId)} is required when {nameof(Fence)} is set.");
        return errors;
    }
}
