namespace Caisey.Node.Tenancy;

/// <summary>One MSP client; endpoints and technicians' grants belong to groups. <c>default</c> always exists.</summary>
public sealed record ClientGroup(string Id, string Name)
{
    public const string DefaultId = "default";
}
