namespace Caisey.Node.Endpoints;

/// <summary>The agent's periodic report of the machine's readiness; re-requests dispatch of dispatchable commands.</summary>
public sealed record CheckIn(string Hostname, string Os, string AgentVersion, long? UptimeSeconds, int? PendingUpdates) : IEndpointMessage;
