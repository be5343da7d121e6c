namespace Caisey.Tests.Journal;

/// <summary>
/// What the crash writer (<c>Caisey.Bench crash-writer</c>) appends: part <paramref name="Part"/> of an append of
/// <paramref name="Of"/> events, with a SHA-256 of the body so that a torn payload is detected. Same JSON shape
/// and manifest ("burst") as <c>Caisey.Bench.CrashBurstEvent</c>.
/// </summary>
public sealed record BurstEventAppended(string Id, long Seq, int Part, int Of, string Body, string Sha256);
