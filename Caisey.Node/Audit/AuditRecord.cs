namespace Caisey.Node.Audit;

/// <summary>
/// One record of the audit log (API.md <c>GET /api/v1/audit</c>). <see cref="Hash"/> is
/// <see cref="AuditHash.Compute"/> over every other field; <see cref="PrevHash"/> is the previous record's hash.
/// </summary>
/// <param name="At">When it happened, to the millisecond (for a command transition: the transition's own time).</param>
/// <param name="Detail">Compact JSON text; hashed exactly as stored.</param>
public sealed record AuditRecord(
    long Seq, DateTimeOffset At, string Actor, string Action, string Target, string Detail, string Hash, string PrevHash);
