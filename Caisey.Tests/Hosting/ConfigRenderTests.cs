using System.Text.Json.Nodes;

namespace Caisey.Tests.Hosting;

public sealed class ConfigRenderTests
{
    [Fact]
    public async Task ConfigRender_WithoutConfig_PrintsResolvedDefaultsWithSetsApplied()
    {
        var result = await NodeProcess.RunAsync("config", "render", "--set", "caisey.node.node-id=n-42", "--set", "caisey.entities.max-live=7");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal("http://127.0.0.1:5080", json["caisey"]!["node"]!["urls"]!.GetValue<string>());
        Assert.Equal("n-42", json["caisey"]!["node"]!["node-id"]!.GetValue<string>());
        // The cluster's node id is a substitution of the node's: resolved after the override.
        Assert.Equal("n-42", json["caisey"]!["cluster"]!["node-id"]!.GetValue<string>());
        Assert.Equal(7, json["caisey"]!["entities"]!["max-live"]!.GetValue<int>());
        Assert.True(json["caisey"]!["node"]!["local-agent"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ConfigRender_WithConfigFile_RendersThatFileAlone()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("caisey-conf-").FullName, "mine.conf");
        await File.WriteAllTextAsync(file, "a.b = 1\na.c = ${a.b}\" apples\"\n");
        var result = await NodeProcess.RunAsync("config", "render", "--config", file);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":1,"c":"1 apples"}}"""), json), result.StdOut);
    }

    [Fact]
    public async Task ConfigRender_InvalidHocon_FailsWithFileLineAndColumn()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("caisey-conf-").FullName, "broken.conf");
        await File.WriteAllTextAsync(file, "caisey {\n  node {\n    urls = \"x\"\n");
        var result = await NodeProcess.RunAsync("config", "render", "--config", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"broken\.conf:\d+:\d+: ", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task Serve_WithInvalidSetting_ExitsWithEveryProblemNamed()
    {
        var result = await NodeProcess.RunAsync("serve", "--set", "caisey.node.urls=\"ftp://x\"", "--set", "caisey.node.shutdown-timeout=\"-1s\"");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("caisey.node.urls", result.StdErr);
        Assert.Contains("shutdown-timeout", result.StdErr);
    }
}
