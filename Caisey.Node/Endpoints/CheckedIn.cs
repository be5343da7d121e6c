namespace Caisey.Node.Endpoints;

/// <summary>The agent reported the machine's readiness; uptime and pending updates are null when the machine cannot tell.</summary>
public sealed record CheckedIn(string Hostname, string Os, string AgentVersion, long? UptimeSeconds, int? PendingUpdates, DateTimeOffset At);
