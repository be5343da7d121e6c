using System.Text.Json.Serialization;

namespace Caisey.Bench.Journal;

[JsonSerializable(typeof(CrashBurstEvent))]
[JsonSerializable(typeof(BenchEventRecorded))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
