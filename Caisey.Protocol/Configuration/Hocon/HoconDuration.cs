namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// HOCON durations: <c>10s</c>, <c>500 ms</c>, <c>5 minutes</c>, <c>1d</c>. A bare number is milliseconds.
/// Units (lowercase only): ns, us, ms, s, m, h, d and their long forms (nanosecond(s) ... day(s)).
/// </summary>
public static class HoconDuration
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = Build();

    /// <exception cref="FormatException">Not a number with an optional duration unit.</exception>
    public static TimeSpan Parse(string text) => TryParse(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a duration: expected a number and a unit such as 10s, 500ms, 5 minutes or 1d");

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (!HoconUnits.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        if (!TicksPerUnit.TryGetValue(unit.Length == 0 ? "ms" : unit, out var ticksPerUnit))
        {
            return false;
        }

        var ticks = decimal.Truncate(number * ticksPerUnit);
        if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;

        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }
    }
}
