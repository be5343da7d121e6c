using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

public sealed class HoconUnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500 ms", 500)]
    [InlineData("5 minutes", 300_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5 seconds", 1_500)]
    [InlineData("250", 250)]
    [InlineData("3000 us", 3)]
    [InlineData(" 7 m ", 420_000)]
    public void Duration_ParsesHoconUnits(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), HoconDuration.Parse(text));
    }

    [Fact]
    public void Duration_Nanoseconds_RoundDownToTicks()
    {
        Assert.Equal(TimeSpan.FromTicks(15), HoconDuration.Parse("1550ns"));
    }

    [Theory]
    [InlineData("10S")]
    [InlineData("10 parsecs")]
    [InlineData("s")]
    [InlineData("ten seconds")]
    public void Duration_RejectsUnknownUnitsAndUppercase(string text)
    {
        Assert.False(HoconDuration.TryParse(text, out _));
        Assert.Throws<FormatException>(() => HoconDuration.Parse(text));
    }

    [Theory]
    [InlineData("64k", 65_536)]
    [InlineData("64K", 65_536)]
    [InlineData("10 MiB", 10_485_760)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("1kB", 1_000)]
    [InlineData("2 kibibytes", 2_048)]
    [InlineData("3 megabytes", 3_000_000)]
    [InlineData("1.5G", 1_610_612_736)]
    [InlineData("100", 100)]
    [InlineData("8 bytes", 8)]
    [InlineData("1 EiB", 1_152_921_504_606_846_976)]
    public void Size_ParsesPowersOfTwoAndTen(string text, long bytes)
    {
        Assert.Equal(bytes, HoconSize.Parse(text));
    }

    [Theory]
    [InlineData("1 KB2")]
    [InlineData("10 floppies")]
    [InlineData("1 ZiB")]
    public void Size_RejectsUnknownUnitsAndOverflow(string text)
    {
        Assert.False(HoconSize.TryParse(text, out _));
    }

    [Fact]
    public void Getters_ReadDurationsAndSizesFromStringsAndBareNumbers()
    {
        var root = Hocon.Resolve("t = 30s\nms = 1500\nsize = 4MiB\nraw = 512");

        Assert.Equal(TimeSpan.FromSeconds(30), root.GetDuration("t"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), root.GetDuration("ms"));
        Assert.Equal(4L * 1024 * 1024, root.GetBytes("size"));
        Assert.Equal(512, root.GetBytes("raw"));
    }

    [Fact]
    public void Getters_WrongType_NameTheSettingAndTheValue()
    {
        var root = Hocon.Resolve("t = 10 parsecs");

        var error = Assert.Throws<HoconException>(() => root.GetDuration("t"));

        Assert.Equal("setting 't' is the string \"10 parsecs\" but must be a duration such as 10s, 500ms, 5 minutes or 1d", error.Message);
        Assert.Equal("setting 'missing.key' is missing", Assert.Throws<HoconException>(() => root.GetString("missing.key")).Message);
    }
}
