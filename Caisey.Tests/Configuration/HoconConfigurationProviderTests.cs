using Caisey.Protocol.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Caisey.Tests.Configuration;

public sealed class HoconConfigurationProviderTests
{
    [Fact]
    public void AddHoconFile_FlattensKeysWithColonsAndArraysByIndex()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("c.conf", """
            caisey.node { data-dir = "./data", port = 5080, enabled = true, nothing = null }
            caisey.agent.server-urls = ["http://a", "http://b"]
            caisey.agent.empty = []
            caisey.node.copy = ${caisey.node.data-dir}
            """);

        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("./data", configuration["caisey:node:data-dir"]);
        Assert.Equal("5080", configuration["caisey:node:port"]);
        Assert.Equal("true", configuration["caisey:node:enabled"]);
        Assert.Null(configuration["caisey:node:nothing"]);
        Assert.Equal("http://b", configuration["caisey:agent:server-urls:1"]);
        Assert.Equal(["http://a", "http://b"], configuration.GetSection("caisey:agent:server-urls").Get<string[]>()!);
        Assert.Equal("./data", configuration["caisey:node:copy"]);
        Assert.Equal(5080, configuration.GetValue<int>("caisey:node:port"));
    }

    [Fact]
    public void AddHoconFile_Optional_MissingFileGivesNoSettings()
    {
        var configuration = new ConfigurationBuilder().AddHoconFile("/nonexistent/caisey.conf", optional: true).Build();

        Assert.Empty(configuration.AsEnumerable());
    }

    [Fact]
    public void AddHoconFile_Required_MissingFileFails()
    {
        var builder = new ConfigurationBuilder().AddHoconFile("/nonexistent/caisey.conf");

        var error = Assert.Throws<HoconException>(() => builder.Build());

        Assert.Contains("/nonexistent/caisey.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHocon_LayeredRoot_LaterSourcesStillOverride()
    {
        var root = Hocon.Resolve("caisey.node.urls = \"http://127.0.0.1:5080\"");

        var configuration = new ConfigurationBuilder()
            .AddHocon(root)
            .AddInMemoryCollection([new("caisey:node:urls", "http://0.0.0.0:1")])
            .Build();

        Assert.Equal("http://0.0.0.0:1", configuration["caisey:node:urls"]);
    }
}
