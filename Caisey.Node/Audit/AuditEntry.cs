namespace Caisey.Node.Audit;

/// <summary>What a caller asks <see cref="AuditLog"/> to append; the log assigns seq and hashes.</summary>
/// <param name="Step">For command transitions: the index of the transition in the command's timeline. The log appends
/// a step at most once per target (checked inside the write transaction), which is what makes re-feeding safe.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string Detail, int? Step = null);
