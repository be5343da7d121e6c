namespace Caisey.Agent.Bridge;

/// <summary>The node rejected this agent's credential (HTTP 401): retrying will not help until the agent enrolls again.</summary>
public sealed class BridgeUnauthorizedException(string message) : Exception(message);
