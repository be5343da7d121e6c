namespace Caisey.Node.Endpoints;

/// <summary>Delivered by the host when the endpoint is due: expires and releases commands.</summary>
public sealed record Wake(DateTimeOffset At) : IEndpointMessage;
