namespace Caisey.Bench.Journal;

/// <summary>Part <paramref name="Part"/> of an append of <paramref name="Of"/> events; <paramref name="Sha256"/> proves the body intact.</summary>
/// <remarks>Same JSON shape and manifest ("burst") as <c>Caisey.Tests.Journal.BurstEventAppended</c>.</remarks>
public sealed record CrashBurstEvent(string Id, long Seq, int Part, int Of, string Body, string Sha256);
