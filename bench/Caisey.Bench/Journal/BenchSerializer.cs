using Caisey.Node.Journal;

namespace Caisey.Bench.Journal;

internal static class BenchSerializer
{
    public static IEventSerializer Create() => new JsonEventSerializer(BenchJsonContext.Default.Options, new Dictionary<string, Type>
    {
        ["burst"] = typeof(CrashBurstEvent),
        ["bench-event"] = typeof(BenchEventRecorded),
    });
}
