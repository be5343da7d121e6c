using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

public sealed class HoconIncludeTests
{
    [Fact]
    public void Include_RelativeToIncludingFile_MergesAtTheIncludeStatement()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/parts/db.conf", "journal { provider = postgres, pool = 5 }");
        var main = dir.Write("conf/main.conf", "journal.pool = 1\ninclude \"parts/db.conf\"\njournal.provider = sqlite");

        var root = HoconDocument.Load(main).Resolve(HoconResolveOptions.WithoutEnvironment);

        Hocon.AssertJson("""{"journal":{"pool":5,"provider":"sqlite"}}""", root);
    }

    [Fact]
    public void Include_FileAndRequiredSyntax_AreAccepted()
    {
        using var dir = new TempDirectory();
        dir.Write("a.conf", "a = 1");
        dir.Write("b.conf", "b = 2");
        var main = dir.Write("main.conf", "include file(\"a.conf\")\ninclude required( file( \"b.conf\" ) )");

        var root = HoconDocument.Load(main).Resolve(HoconResolveOptions.WithoutEnvironment);

        Hocon.AssertJson("""{"a":1,"b":2}""", root);
    }

    [Fact]
    public void Include_InsideObject_FixesUpSubstitutionsToTheIncludePath()
    {
        using var dir = new TempDirectory();
        dir.Write("foo.conf", "x = 10\ny = ${x}\nz = ${top}");
        var main = dir.Write("main.conf", "top = t\na { include \"foo.conf\" }\na { x = 42 }");

        var root = HoconDocument.Load(main).Resolve(HoconResolveOptions.WithoutEnvironment);

        Hocon.AssertJson("""{"top":"t","a":{"x":42,"y":42,"z":"t"}}""", root);
    }

    [Fact]
    public void Include_MissingFile_ReportsNameAndPosition()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("main.conf", "a = 1\ninclude \"nope.conf\"");

        var error = Assert.Throws<HoconException>(() => HoconDocument.Load(main));

        Assert.StartsWith($"{main}:2:9: included file \"nope.conf\" was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_ErrorInIncludedFile_NamesTheIncludedFile()
    {
        using var dir = new TempDirectory();
        var bad = dir.Write("bad.conf", "ok = 1\nbroken {\n");
        var main = dir.Write("main.conf", "include \"bad.conf\"");

        var error = Assert.Throws<HoconException>(() => HoconDocument.Load(main));

        Assert.Equal($"{bad}:3:1: expected '}}' but found end of input", error.Message);
        Assert.Equal(bad, error.SourceName);
    }

    [Fact]
    public void Include_Cycle_IsReported()
    {
        using var dir = new TempDirectory();
        dir.Write("a.conf", "include \"b.conf\"");
        dir.Write("b.conf", "include \"a.conf\"");

        var error = Assert.Throws<HoconException>(() => HoconDocument.Load(Path.Combine(dir.Path, "a.conf")));

        Assert.Contains("include cycle", error.Message, StringComparison.Ordinal);
    }
}
