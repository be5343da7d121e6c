namespace Caisey.Node.Audit;

/// <summary>The answer of <c>GET /api/v1/audit/verify</c>.</summary>
/// <param name="Records">How many records the log holds.</param>
/// <param name="FirstBadSeq">The first seq at which the chain does not verify (a changed, missing or moved record); null when ok.</param>
/// <param name="HeadHash">The last record's hash: keep it elsewhere to detect a rewrite of the whole tail.</param>
public sealed record AuditVerification(bool Ok, long Records, long? FirstBadSeq, string HeadHash);
