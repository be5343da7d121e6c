namespace Caisey.Node.Endpoints;

/// <summary>Enrolls the machine; enrolling again replies with the endpoint and changes nothing.</summary>
public sealed record Enroll(string ClientGroupId, string Hostname, string Os, string AgentVersion) : IEndpointMessage;
