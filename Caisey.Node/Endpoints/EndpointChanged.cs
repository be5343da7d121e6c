namespace Caisey.Node.Endpoints;

/// <summary>Effect: the endpoint's readiness changed (for the console and read models).</summary>
public sealed record EndpointChanged(EndpointView Endpoint);
