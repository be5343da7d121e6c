namespace Caisey.Agent.Enrollment;

/// <summary>The body of <c>POST /agent/v1/enroll</c>.</summary>
public sealed record EnrollRequest(string EnrollmentToken, string Hostname, string Os, string AgentVersion);
