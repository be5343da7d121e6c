namespace Caisey.Agent.Enrollment;

/// <summary>Enrollment failed; the message says why in words a person can act on.</summary>
public sealed class EnrollmentException(string message, Exception? inner = null) : Exception(message, inner);
