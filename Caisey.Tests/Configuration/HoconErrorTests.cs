using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

public sealed class HoconErrorTests
{
    [Fact]
    public void Parse_UnclosedObject_ReportsFileLineAndColumn()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("a {\n  b = 1\n", "caisey.conf"));

        Assert.Equal("caisey.conf:3:1: expected '}' but found end of input", error.Message);
        Assert.Equal(("caisey.conf", 3, 1), (error.SourceName, error.Line, error.Column));
    }

    [Fact]
    public void Parse_MissingSeparatorAfterKey_PointsAtTheOffendingToken()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("ok = 1\nkey ]", "x.conf"));

        Assert.StartsWith("x.conf:2:5: expected ':', '=' or '{' after key 'key' but found ']'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoValuesOnALineSeparatedByEquals_ReportsColumnOfSecondEquals()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("a = b = c", "x.conf"));

        Assert.StartsWith("x.conf:1:7: expected ',' or newline after a field but found '='", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnterminatedString_ReportsWhereItStarts()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("a = 1\n  b = \"oops", "x.conf"));

        Assert.StartsWith("x.conf:2:7: unterminated quoted string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReservedCharacterUnquoted_IsRejectedWithPosition()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("url = http://x\nb = a@b", "x.conf"));

        Assert.StartsWith("x.conf:2:6: reserved character '@'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedArray_ReportsEndOfInput()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("a = [1,\n2", "x.conf"));

        Assert.Equal("x.conf:2:2: expected ']' but found end of input", error.Message);
    }

    [Fact]
    public void Parse_EmptyPathSegment_IsAnError()
    {
        var error = Assert.Throws<HoconException>(() => HoconDocument.Parse("a..b = 1", "x.conf"));

        Assert.Contains("empty key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ConcatenatingObjectWithString_IsAnError()
    {
        var error = Hocon.Fails("o { x = 1 }\na = ${o} text");

        Assert.StartsWith("test.conf:2:5: cannot concatenate an object with the string \"text\"", error.Message, StringComparison.Ordinal);
    }
}
