namespace Caisey.Agent.Enrollment;

/// <summary>The node's 201 answer to enrollment.</summary>
public sealed record EnrollResponse(string EndpointId, string Credential, string? NodeId);
