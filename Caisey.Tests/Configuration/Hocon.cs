using System.Text.Json.Nodes;
using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

/// <summary>Shorthands for tests: parse and resolve text with a fixed (or no) environment.</summary>
internal static class Hocon
{
    public static HoconObject Resolve(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        HoconDocument.Parse(text, "test.conf").Resolve(Options(environment));

    public static HoconResolveOptions Options(IReadOnlyDictionary<string, string>? environment) => environment is null
        ? HoconResolveOptions.WithoutEnvironment
        : new HoconResolveOptions { GetEnvironmentVariable = name => environment.GetValueOrDefault(name) };

    public static JsonNode? Json(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        JsonNode.Parse(Resolve(text, environment).ToJson());

    public static void AssertJson(string expectedJson, HoconValue actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(actual.ToJson())),
            $"expected {expectedJson} but got {actual.ToJson(indented: false)}");

    public static HoconException Fails(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<HoconException>(() => Resolve(text, environment));
}
