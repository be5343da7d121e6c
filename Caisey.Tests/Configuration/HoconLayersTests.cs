using Caisey.Node.Hosting;
using Caisey.Node.Journal;
using Caisey.Protocol.Configuration;
using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

public sealed class HoconLayersTests
{
    private static readonly HoconResolveOptions NoEnvironment = HoconResolveOptions.WithoutEnvironment;

    [Theory]
    [InlineData("caisey.node.urls=\"http://127.0.0.1:6000\"")]
    [InlineData("caisey.node.urls=http://127.0.0.1:6000")]
    [InlineData(" caisey.node.urls = \"http://127.0.0.1:6000\" ")]
    public void Set_UrlWithOrWithoutShellQuotes_OverridesTheDefaultAndItsReferences(string assignment)
    {
        var root = HoconLayers.Load([RepositoryPaths.Hocon("caisey.conf")], null, [assignment], NoEnvironment);

        Assert.Equal("http://127.0.0.1:6000", root.GetString("caisey.node.urls"));
        Assert.Equal("http://127.0.0.1:6000", root.GetString("caisey.cluster.advertised-url"));
    }

    [Fact]
    public void Set_TypedValuesArraysSubstitutionsAndAppend()
    {
        var document = HoconLayers.ApplySets(
            HoconDocument.Parse("a { n = 1, flag = false, list = [1] }", "base.conf"),
            ["a.n=42", "a.flag = true", "a.list+=2", "a.t=10s", "a.copy=${a.n}", "a.\"dotted.key\"=x y", "a.empty="]);

        Hocon.AssertJson(
            """{"a":{"n":42,"flag":true,"list":[1,2],"t":"10s","copy":42,"dotted.key":"x y","empty":""}}""",
            document.Resolve(NoEnvironment));
    }

    [Fact]
    public void Set_WithoutEquals_IsAClearError()
    {
        var error = Assert.Throws<HoconException>(() => HoconLayers.ParseSet("caisey.node.urls"));

        Assert.Equal("--set expects key=value but got 'caisey.node.urls'", error.Message);
    }

    [Fact]
    public void Load_ConfigFileMergesOverDefaultsAndSetsComeLast()
    {
        using var dir = new TempDirectory();
        var user = dir.Write("user.conf", "caisey.node { node-id = edge-1, data-dir = /var/lib/caisey }\ncaisey.journal.provider = postgres");

        var root = HoconLayers.Load([RepositoryPaths.Hocon("caisey.conf")], user, ["caisey.journal.provider=sqlite"], NoEnvironment);

        Assert.Equal("edge-1", root.GetString("caisey.cluster.node-id"));
        Assert.Equal("/var/lib/caisey", root.GetString("caisey.node.data-dir"));
        Assert.Equal("sqlite", root.GetString("caisey.journal.provider"));
        Assert.Equal(500, root.GetInt32("caisey.journal.sqlite.max-batch-size"));
    }

    [Fact]
    public void JournalLinger_DefaultsTo10Milliseconds_BindsFromASet_AndIsRangeChecked()
    {
        var defaults = ConfigurationBinding.Bind<JournalSettings>(NodeConfiguration.Load(null, []), "caisey:journal");
        var off = ConfigurationBinding.Bind<JournalSettings>(NodeConfiguration.Load(null, ["caisey.journal.sqlite.linger=0"]), "caisey:journal");
        var longer = ConfigurationBinding.Bind<JournalSettings>(NodeConfiguration.Load(null, ["caisey.journal.sqlite.linger=250ms"]), "caisey:journal");

        Assert.Equal(TimeSpan.FromMilliseconds(10), defaults.SqliteLinger);
        Assert.Equal(SqliteJournalOptions.DefaultLinger, defaults.SqliteLinger);
        Assert.Equal(TimeSpan.Zero, off.SqliteLinger);
        Assert.Equal(TimeSpan.FromMilliseconds(250), longer.SqliteLinger);
        Assert.Contains(new SqliteJournalOptions { Linger = TimeSpan.FromSeconds(2) }.Validate(), e => e.StartsWith("Linger must be between 0 and 1000 ms", StringComparison.Ordinal));
        Assert.Contains(new SqliteJournalOptions { Linger = TimeSpan.FromMilliseconds(-1) }.Validate(), e => e.StartsWith("Linger", StringComparison.Ordinal));
    }

    [Fact]
    public void CaiseyConf_ParsesResolvesAndRendersWithDocumentedDefaults()
    {
        var root = HoconLayers.Load([RepositoryPaths.Hocon("caisey.conf")], null, [], NoEnvironment);
        var json = System.Text.Json.Nodes.JsonNode.Parse(root.ToJson())!;

        Assert.Equal("http://127.0.0.1:5080", (string?)json["caisey"]!["node"]!["urls"]);
        Assert.Equal("node-1", root.GetString("caisey.cluster.node-id"));
        Assert.Equal("http://127.0.0.1:5080", root.GetString("caisey.cluster.advertised-url"));
        Assert.Equal(TimeSpan.FromSeconds(10), root.GetDuration("caisey.node.shutdown-timeout"));
        Assert.Equal(TimeSpan.FromMinutes(2), root.GetDuration("caisey.entities.passivate-after"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), root.GetDuration("caisey.entities.restart-backoff-min"));
        Assert.True(root.GetBoolean("caisey.node.local-agent.enabled"));
        Assert.False(root.GetBoolean("caisey.cluster.enabled"));
        Assert.Equal(256, root.GetInt32("caisey.cluster.shard-count"));
        Assert.Equal("admin", root.GetString("caisey.auth.bootstrap-admin.username"));
        Assert.False(root.HasPath("caisey.auth.bootstrap-admin.password"));
        Assert.Equal("", root.GetString("caisey.journal.postgres.connection-string"));
    }

    [Fact]
    public void CaiseyConf_EnvironmentSetsNodeIdAndAdminPassword()
    {
        var environment = new Dictionary<string, string> { ["CAISEY_NODE_ID"] = "node-9", ["CAISEY_ADMIN_PASSWORD"] = "s3cret" };

        var root = HoconLayers.Load([RepositoryPaths.Hocon("caisey.conf")], null, [], Hocon.Options(environment));

        Assert.Equal("node-9", root.GetString("caisey.node.node-id"));
        Assert.Equal("node-9", root.GetString("caisey.cluster.node-id"));
        Assert.Equal("s3cret", root.GetString("caisey.auth.bootstrap-admin.password"));
    }

    [Fact]
    public void AgentConf_ParsesWithTypedDefaults()
    {
        var root = HoconLayers.Load([RepositoryPaths.Hocon("agent.conf")], null, [], NoEnvironment);

        Assert.Equal("./agent-data", root.GetString("caisey.agent.data-dir"));
        Assert.Empty(root.GetStringList("caisey.agent.server-urls"));
        Assert.Equal(TimeSpan.FromSeconds(60), root.GetDuration("caisey.agent.checkin-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), root.GetDuration("caisey.agent.reconnect.min"));
        Assert.Equal(4L * 1024 * 1024, root.GetBytes("caisey.agent.output-limit"));
        Assert.True(root.GetBoolean("caisey.agent.prestart-shell"));
    }

    [Fact]
    public void AgentPrestartShell_IsOnByDefault_AndASetTurnsItOff()
    {
        Assert.True(Caisey.Agent.Hosting.AgentConfiguration.Load(null, []).PrestartShell);
        Assert.False(Caisey.Agent.Hosting.AgentConfiguration.Load(null, ["caisey.agent.prestart-shell=false"]).PrestartShell);
    }
}
