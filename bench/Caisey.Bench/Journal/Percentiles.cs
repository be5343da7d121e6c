namespace Caisey.Bench.Journal;

internal static class Percentiles
{
    public static double Median(IEnumerable<double> values) => Of(values.ToArray(), 0.5);

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of <paramref name="values"/>.</summary>
    public static double Of(double[] values, double p)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static double[] TicksToMicroseconds(IEnumerable<long> ticks) =>
        ticks.Select(t => t * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency).ToArray();
}
