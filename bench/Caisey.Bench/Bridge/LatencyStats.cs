using System.Globalization;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>p50 / p99 of a set of latencies in microseconds.</summary>
internal sealed record LatencyStats(double P50Us, double P99Us, int Count)
{
    public static LatencyStats Of(double[] microseconds) =>
        new(Percentiles.Of(microseconds, 0.5), Percentiles.Of(microseconds, 0.99), microseconds.Length);

    public static string Us(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + " µs";

    public override string ToString() => $"{Us(P50Us)} / {Us(P99Us)}";
}
