namespace Caisey.Node.Cluster;

/// <summary>No node served the entity's shard within the routing timeout (it is moving, or its owner is unreachable).</summary>
public sealed class ShardUnavailableException : Exception
{
    public ShardUnavailableException(string entityId, TimeSpan waited, Exception? last)
        : base($"No node serves endpoint '{entityId}' right now (waited {waited.TotalSeconds:0.#} s for its shard's owner); retry shortly.", last) =>
        EntityId = entityId;

    public ShardUnavailableException() => EntityId = "";

    public ShardUnavailableException(string message) : base(message) => EntityId = "";

    public ShardUnavailableException(string message, Exception innerException) : base(message, innerException) => EntityId = "";

    public string EntityId { get; }
}
