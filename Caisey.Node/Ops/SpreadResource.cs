namespace Caisey.Node.Ops;

/// <summary>Minimum, maximum and mean of one quantity over nodes or shards.</summary>
public sealed record SpreadResource(int Min, int Max, double Mean)
{
    public static SpreadResource Of(IReadOnlyCollection<int> values) =>
        values.Count == 0 ? new(0, 0, 0) : new(values.Min(), values.Max(), Math.Round(values.Average(), 3));
}
