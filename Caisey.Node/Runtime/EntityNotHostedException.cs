namespace Caisey.Node.Runtime;

/// <summary>The entity lives on another node (its shard is not owned here); route the message to the owner.</summary>
public sealed class EntityNotHostedException : Exception
{
    public EntityNotHostedException(string entityId)
        : base($"Entity '{entityId}' is not hosted on this node (its shard is owned elsewhere or is moving).") => EntityId = entityId;

    public EntityNotHostedException() => EntityId = "";

    public EntityNotHostedException(string message, Exception innerException) : base(message, innerException) => EntityId = "";

    public string EntityId { get; }
}
