namespace Caisey.Protocol.Frames;

/// <summary>Agent → node: the machine's current inventory (the readiness layer).</summary>
public sealed record CheckIn(string Id, AgentInventory Inventory) : Frame(Id)
{
    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(Inventory.Hostname, "inventory.hostname"),
        Required(Inventory.AgentVersion, "inventory.agentVersion"));
}
