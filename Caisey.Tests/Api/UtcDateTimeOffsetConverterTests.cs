using System.Text.Json;
using Caisey.Node.Api;

namespace Caisey.Tests.Api;

public sealed class UtcDateTimeOffsetConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcDateTimeOffsetConverter() } };

    public static TheoryData<DateTimeOffset, string> Times => new()
    {
        { new DateTimeOffset(2025, 1, 31, 9, 30, 0, 123, TimeSpan.Zero), "\"2025-01-31T09:30:00.123Z\"" },
        { new DateTimeOffset(2025, 1, 31, 11, 30, 0, 5, TimeSpan.FromHours(2)), "\"2025-01-31T09:30:00.005Z\"" },
        { new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(9_999_999), "\"2027-01-01T04:59:59.999Z\"" },
        { DateTimeOffset.MinValue, "\"0001-01-01T00:00:00.000Z\"" },
        { DateTimeOffset.MaxValue, "\"9999-12-31T23:59:59.999Z\"" },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Writes_IsoUtcWithMilliseconds(DateTimeOffset value, string expected)
    {
        Assert.Equal(expected, JsonSerializer.Serialize(value, Options));
        Assert.Equal(value.ToUniversalTime().AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond)), JsonSerializer.Deserialize<DateTimeOffset>(expected, Options));
    }

    [Fact]
    public void FormatUtc_WritesWhatTheCustomPatternWrites_ForAnyTime()
    {
        var random = new Random(20261123);
        var ticks = Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks))
            .Concat([DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks, DateTimeOffset.UnixEpoch.UtcTicks - 1]);
        foreach (var t in ticks)
        {
            var value = new DateTimeOffset(t, TimeSpan.Zero);
            if (t > DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay && t < DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay)
                value = value.ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1))); // the text is UTC whatever the offset
            var expected = value.UtcDateTime.ToString(UtcDateTimeOffsetConverter.Format, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, UtcDateTimeOffsetConverter.FormatUtc(value));
            Assert.Equal(expected, Caisey.Node.Audit.AuditHash.FormatAt(value));
        }
    }
}
