namespace Caisey.Node.Api;

/// <summary>One server-sent event: its name (<c>endpoint.changed</c>, <c>command.changed</c>, <c>command.output</c>),
/// the client group it belongs to (for tenancy) and its JSON payload.</summary>
public sealed record LiveEvent(string Name, string ClientGroupId, object Data)
{
    public const string EndpointChanged = "endpoint.changed";
    public const string CommandChanged = "command.changed";
    public const string CommandOutput = "command.output";
}
