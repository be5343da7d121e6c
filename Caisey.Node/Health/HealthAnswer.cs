namespace Caisey.Node.Health;

public sealed record HealthAnswer(string Status, string NodeId, string? Detail);
