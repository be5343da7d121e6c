namespace Caisey.Node.Endpoints;

/// <summary>The machine was enrolled into a client group.</summary>
public sealed record EndpointEnrolled(string EndpointId, string ClientGroupId, string Hostname, string Os, string AgentVersion, DateTimeOffset At);
