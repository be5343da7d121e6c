using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

public sealed class HoconSyntaxTests
{
    [Fact]
    public void Parse_TripleQuotedString_KeepsNewlinesQuotesAndBackslashes()
    {
        var root = Hocon.Resolve("a = \"\"\"line \"one\"\n  C:\\temp\\n\"\"\"\"");

        Assert.Equal("line \"one\"\n  C:\\temp\\n\"", root.GetString("a"));
    }

    [Fact]
    public void Parse_QuotedString_DecodesJsonEscapes()
    {
        var root = Hocon.Resolve(@"a = ""tab\there \u00e9 \""q\"" \\ \/""");

        Assert.Equal("tab\there é \"q\" \\ /", root.GetString("a"));
    }

    [Fact]
    public void Parse_Numbers_KeepTheirJsonForm()
    {
        var root = Hocon.Resolve("int = 42\nfloat = 42.1\nexp = 1e+5\nneg = -7");

        Hocon.AssertJson("""{"int":42,"float":42.1,"exp":1e+5,"neg":-7}""", root);
        Assert.Contains("\"int\": 42,", root.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"float\": 42.1", root.ToJson(), StringComparison.Ordinal);
        Assert.True(((HoconNumber)root.GetValue("int")).IsInteger);
        Assert.False(((HoconNumber)root.GetValue("float")).IsInteger);
    }

    [Fact]
    public void Parse_UnquotedConcatenation_KeepsInnerWhitespaceAndTrimsEnds()
    {
        var root = Hocon.Resolve("a =   hello   big  world   // comment\nb = 10 s");

        Assert.Equal("hello   big  world", root.GetString("a"));
        Assert.Equal("10 s", root.GetString("b"));
    }

    [Fact]
    public void Parse_PathKeys_WithQuotedSegmentsAndWhitespace()
    {
        var root = Hocon.Resolve("a.\"b.c\".d = 1\n  x y z : 2\n\"\".e = 3");

        Hocon.AssertJson("""{"a":{"b.c":{"d":1}},"x y z":2,"":{"e":3}}""", root);
    }

    [Fact]
    public void Parse_DuplicateObjects_MergeButNonObjectReplaces()
    {
        var root = Hocon.Resolve("a { x = 1, y = 2 }\na { y = 3, z = 4 }\nb { x = 1 }\nb = null\nb { y = 2 }");

        Hocon.AssertJson("""{"a":{"x":1,"y":3,"z":4},"b":{"y":2}}""", root);
    }

    [Fact]
    public void Parse_ArraysWithTrailingCommaNewlinesAndNesting()
    {
        var root = Hocon.Resolve("a = [1, 2,]\nb = [\n  { x = 1 }\n  [true, null]\n]");

        Hocon.AssertJson("""{"a":[1,2],"b":[{"x":1},[true,null]]}""", root);
    }

    [Fact]
    public void Parse_ConcatenatedObjectsAndArrays_MergeAndAppend()
    {
        var root = Hocon.Resolve("base { x = 1 }\na = ${base} { y = 2 }\nl = [1] [2, 3]");

        Hocon.AssertJson("""{"base":{"x":1},"a":{"x":1,"y":2},"l":[1,2,3]}""", root);
    }

    [Fact]
    public void Parse_IncludeWordLaterInKeyOrAsValue_IsPlainText()
    {
        var root = Hocon.Resolve("foo include : 42\nbar = include");

        Hocon.AssertJson("""{"foo include":42,"bar":"include"}""", root);
    }
}
