namespace Caisey.Bench.Bridge;

/// <summary>
/// The share of this VM's CPU time the host took for others ("steal" in /proc/stat) over a window: on the shared
/// machines the figures come from, a run with high steal is slower for reasons outside the code, and says so.
/// </summary>
internal sealed class HostSteal
{
    private readonly (long Steal, long Total)? _start = Read();

    /// <summary>Steal as a percentage of all CPU time since construction, or null where /proc/stat is not readable.</summary>
    public double? Percent()
    {
        if (_start is not { } start || Read() is not { } now || now.Total == start.Total)
            return null;
        return 100.0 * (now.Steal - start.Steal) / (now.Total - start.Total);
    }

    public string Describe() => Percent() is { } p ? $"{p:0.0}%" : "n/a";

    private static (long Steal, long Total)? Read()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = fields.Skip(1).Take(8).Select(long.Parse).ToArray();
            return (values[7], values.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
