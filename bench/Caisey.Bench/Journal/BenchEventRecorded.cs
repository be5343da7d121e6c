namespace Caisey.Bench.Journal;

/// <summary>The benchmark's event: about 200 bytes of JSON, like a small command lifecycle event.</summary>
public sealed record BenchEventRecorded(string EndpointId, long Seq, string Detail);
