namespace Caisey.Node.Endpoints;

/// <summary>The agent reported the machine's readiness.</summary>
public sealed record CheckedIn(string Hostname, string Os, string AgentVersion, long UptimeSeconds, int PendingUpdates, DateTimeOffset At);
