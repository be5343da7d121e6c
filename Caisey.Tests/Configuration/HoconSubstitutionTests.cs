namespace Caisey.Tests.Configuration;

public sealed class HoconSubstitutionTests
{
    [Fact]
    public void Substitution_LooksForwardAndSeesTheLastValue()
    {
        var root = Hocon.Resolve("a = ${b.c}\nb.c = 1\nb.c = 2\nd = ${b}");

        Hocon.AssertJson("""{"a":2,"b":{"c":2},"d":{"c":2}}""", root);
    }

    [Fact]
    public void Substitution_ObjectMayReferToItsOwnFields()
    {
        var root = Hocon.Resolve("bar { foo = 42, baz = ${bar.foo} }");

        Hocon.AssertJson("""{"bar":{"foo":42,"baz":42}}""", root);
    }

    [Fact]
    public void Substitution_InStringConcatenation_KeepsWhitespaceAndEmptiesNull()
    {
        var root = Hocon.Resolve("name = world\nn = null\ngreeting = hello ${name}\"!\"${n} done");

        Assert.Equal("hello world! done", root.GetString("greeting"));
    }

    [Fact]
    public void OptionalSubstitution_WhenMissing_LeavesEarlierValueOrRemovesField()
    {
        var root = Hocon.Resolve("a = 1\na = ${?missing}\nb = ${?missing}\nc = [1, ${?missing}, 2]\nd = x${?missing}");

        Hocon.AssertJson("""{"a":1,"c":[1,2],"d":"x"}""", root);
    }

    [Fact]
    public void Substitution_MissingFromConfig_FallsBackToEnvironment()
    {
        var environment = new Dictionary<string, string> { ["CAISEY_NODE_ID"] = "node-7", ["HOME"] = "/home/c" };

        var root = Hocon.Resolve("id = \"node-1\"\nid = ${?CAISEY_NODE_ID}\nhome = ${HOME}/caisey", environment);

        Hocon.AssertJson("""{"id":"node-7","home":"/home/c/caisey"}""", root);
    }

    [Fact]
    public void Substitution_SetInConfig_DoesNotReadEnvironmentEvenWhenNull()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/c" };

        var root = Hocon.Resolve("HOME = null\nh = ${HOME}", environment);

        Hocon.AssertJson("""{"HOME":null,"h":null}""", root);
    }

    [Fact]
    public void Substitution_WithEnvironmentDisabled_ReportsUnresolvedPathAndPosition()
    {
        var error = Hocon.Fails("a = 1\nb = ${HOME}");

        Assert.StartsWith("test.conf:2:5: could not resolve substitution ${HOME}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_Cycle_IsReportedWithItsPath()
    {
        var error = Hocon.Fails("a = ${b}\nb = ${c}\nc = ${a}");

        Assert.StartsWith("test.conf:3:5: substitution cycle: a -> b -> c -> a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_ObjectContainingReferenceToItself_IsACycle()
    {
        var error = Hocon.Fails("a { b = ${a} }");

        Assert.Contains("substitution cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfReference_SeesThePreviousValueOfTheSameKey()
    {
        var root = Hocon.Resolve("path = \"/bin\"\npath = ${path}\":/usr/bin\"\npath = ${path}\":/extra\"");

        Assert.Equal("/bin:/usr/bin:/extra", root.GetString("path"));
    }

    [Fact]
    public void SelfReference_InNestedObjectsAndToWholeObjects()
    {
        var root = Hocon.Resolve("a { list = [1] }\na { list = ${a.list} [2] }\nb { x = 1 }\nb = ${b} { y = 2 }");

        Hocon.AssertJson("""{"a":{"list":[1,2]},"b":{"x":1,"y":2}}""", root);
    }

    [Fact]
    public void Substitution_IntoObjectBuiltFromAnotherObjectAndOverrides_SeesTheMergedFields()
    {
        var root = Hocon.Resolve("base { host = h, port = 1 }\na = ${base}\na { port = 2, url = ${a.host}\":\"${a.port} }");

        Hocon.AssertJson("""{"base":{"host":"h","port":1},"a":{"host":"h","port":2,"url":"h:2"}}""", root);
    }

    [Fact]
    public void SelfReference_WithNothingBefore_FallsBackToEnvironment()
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/bin" };

        var root = Hocon.Resolve("PATH = ${PATH}\":/opt\"\nopt = ${?opt}", environment);

        Hocon.AssertJson("""{"PATH":"/bin:/opt"}""", root);
    }

    [Fact]
    public void PlusEquals_AppendsToExistingArrayOrStartsOne()
    {
        var root = Hocon.Resolve("a = [1]\na += 2\na += { x = 3 }\nnested { b += one }\nnested.b += two");

        Hocon.AssertJson("""{"a":[1,2,{"x":3}],"nested":{"b":["one","two"]}}""", root);
    }
}
