namespace Caisey.Agent.Enrollment;

/// <summary>The parts of an RFC 9457 problem detail the agent shows.</summary>
public sealed record ProblemBody(string? Title, string? Detail, int? Status);
