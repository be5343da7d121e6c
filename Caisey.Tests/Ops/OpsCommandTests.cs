using System.Text.Json;
using System.Text.RegularExpressions;
using Caisey.Node.Cluster;
using Caisey.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace Caisey.Tests.Ops;

/// <summary>
/// <c>Caisey.Node ops ...</c> run as a real process (the built binary, output redirected) against a real node over HTTP.
/// </summary>
[Collection(OpsCollection.Name)]
public sealed partial class OpsCommandTests(OpsFleet fleet)
{
    [Fact]
    public async Task ClusterShow_PrintsThisNodeUp_WithAllShardsAndItsLiveEntities()
    {
        var result = await OpsAsync("cluster", "show");

        var row = Assert.Single(Lines(result.StdOut), l => l.Contains("node-1 (self)", StringComparison.Ordinal));
        Assert.Equal(["node-1 (self)", fleet.Url.ToString().TrimEnd('/'), "up", "0 ms ago", "256", "3"], Cells(row));
        Assert.Contains("not clustered", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardsStats_AfterMessagingThreeOfFiveEndpoints_ShowsThreeLiveEntitiesAndFiveEndpoints()
    {
        var result = await OpsAsync("shards", "stats");

        Assert.Equal(["node-1", "up", "256", "3", "5"], Cells(Assert.Single(Lines(result.StdOut), l => l.Contains("node-1", StringComparison.Ordinal))));
        Assert.Equal(["total (1 node(s))", "", "256", "3", "5"], Cells(Assert.Single(Lines(result.StdOut), l => l.Contains("total", StringComparison.Ordinal))));
        Assert.Equal(["live entities per node", "3", "3", "3"], Cells(Assert.Single(Lines(result.StdOut), l => l.Contains("live entities per node", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task ShardsList_ShowsTheShardsHoldingEndpoints_AndJsonListsAll256()
    {
        var table = await OpsAsync("shards", "list");
        var json = await OpsAsync("shards", "list", "--json");

        var expected = fleet.Known.GroupBy(id => ShardMap.ShardOf(id)).ToDictionary(g => g.Key, g => g.Count());
        var rows = Lines(table.StdOut).Select(Cells).Where(c => c.Count == 7 && int.TryParse(c[0], out _)).ToList();
        Assert.Equal(expected.Keys.Order(), rows.Select(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Equal(["node-1", "0", "never", "-"], r.Skip(1).Take(4)));
        Assert.All(rows, r => Assert.Equal(expected[int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)].ToString(System.Globalization.CultureInfo.InvariantCulture), r[6]));
        Assert.Contains("owners: node-1 256.", table.StdOut, StringComparison.Ordinal);
        Assert.Equal(256, JsonDocument.Parse(json.StdOut).RootElement.GetProperty("shards").GetArrayLength());
    }

    [Fact]
    public async Task EndpointsShow_NamesTheShardTheIdHashesTo_AndWhetherItsEntityIsLive()
    {
        var live = await OpsAsync("endpoints", "show", fleet.Messaged[1]);
        var idle = await OpsAsync("endpoints", "show", fleet.Idle[0]);

        Assert.Equal(ShardMap.ShardOf(fleet.Messaged[1]).ToString(System.Globalization.CultureInfo.InvariantCulture), Field(live.StdOut, "shard"));
        Assert.Equal($"node-1 {fleet.Url.ToString().TrimEnd('/')}", Field(live.StdOut, "owner"));
        Assert.Equal("0", Field(live.StdOut, "epoch"));
        Assert.Equal("ops-02", Field(live.StdOut, "hostname"));
        Assert.Equal("live on node-1", Field(live.StdOut, "entity"));
        Assert.Equal("1", Field(live.StdOut, "open commands"));
        Assert.Equal("never-connected", Field(live.StdOut, "reachability"));
        Assert.Equal("not live on node-1", Field(idle.StdOut, "entity"));
        Assert.Equal(ShardMap.ShardOf(fleet.Idle[0]).ToString(System.Globalization.CultureInfo.InvariantCulture), Field(idle.StdOut, "shard"));
    }

    [Fact]
    public async Task LogPeek_PrintsALineTheNodeLogged()
    {
        var marker = "ops-cli-marker-" + Guid.NewGuid().ToString("N");
        fleet.Node.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Caisey.Tests.Ops").LogWarning("{Marker} for log peek", marker);

        var result = await OpsAsync("log", "peek", "--lines", "20");

        Assert.Contains(Lines(result.StdOut), l => l.Contains($"WRN Caisey.Tests.Ops: {marker} for log peek", StringComparison.Ordinal));
        Assert.InRange(Lines(result.StdOut).Count, 1, 20);
    }

    [Fact]
    public async Task WrongToken_ExitsNonZero_WithA401Message()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), "ops", "--node", fleet.Url.ToString(), "--token", "cst_wrong", "cluster", "show");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("401 Unauthorized", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--token", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Token_ComesFromCaiseyTokenWhenNotGiven()
    {
        var result = await RunAsync(new Dictionary<string, string?> { ["CAISEY_TOKEN"] = fleet.AdminToken }, "ops", "--node", fleet.Url.ToString(), "cluster", "show");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("node-1 (self)", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEndpoint_ExitsNonZero_NamingTheId()
    {
        var result = await OpsAsync(expectedExit: 5, "endpoints", "show", "ep_missing");

        Assert.Contains("404 Not Found: There is no endpoint 'ep_missing'", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leave")]
    [InlineData("down")]
    public async Task LeaveAndDown_OnASingleNode_AreRefusedClearly(string verb)
    {
        var result = await OpsAsync(expectedExit: 6, "cluster", verb, "node-1");

        Assert.Contains("409 Conflict", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("this node is not part of a cluster", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableNode_ExitsNonZero_SayingSo()
    {
        var port = Support.FreePort.Next();
        var result = await RunAsync(new Dictionary<string, string?>(), "ops", "--node", $"http://127.0.0.1:{port}", "--token", "cst_any", "shards", "stats");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"cannot reach the node at http://127.0.0.1:{port}/", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsWithUsage()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), "ops", "shards", "rebalance");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rebalance", result.StdErr + result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    private Task<NodeProcess.Result> OpsAsync(params string[] verb) => OpsAsync(0, verb);

    /// <summary>Runs an ops verb against the fleet's node with the admin token; asserts the exit code and that redirected
    /// output carries no escape codes.</summary>
    private async Task<NodeProcess.Result> OpsAsync(int expectedExit, params string[] verb)
    {
        var result = await RunAsync(new Dictionary<string, string?>(), ["ops", "--node", fleet.Url.ToString(), "--token", fleet.AdminToken, .. verb]);
        Assert.True(result.ExitCode == expectedExit, $"ops {string.Join(' ', verb)}: expected exit {expectedExit}, got {result.ExitCode}\n{result.StdOut}\n{result.StdErr}");
        Assert.DoesNotContain("\u001b[", result.StdOut, StringComparison.Ordinal);
        return result;
    }

    /// <summary>The CLI never sees the test runner's CAISEY_TOKEN unless the test sets it.</summary>
    private static Task<NodeProcess.Result> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        environment.TryAdd("CAISEY_TOKEN", null);
        return NodeProcess.RunAsync(environment, args);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    /// <summary>The cells of a table row drawn with box characters (│), trimmed.</summary>
    private static List<string> Cells(string row) => [.. row.Trim().Trim('│').Split('│').Select(c => c.Trim())];

    /// <summary>The value of <paramref name="key"/> in a key/value grid (two or more spaces between them).</summary>
    private static string Field(string output, string key) =>
        Lines(output).Select(l => FieldPattern().Match(l)).Where(m => m.Success && m.Groups[1].Value == key).Select(m => m.Groups[2].Value.Trim()).SingleOrDefault()
        ?? throw new Xunit.Sdk.XunitException($"No '{key}' field in:\n{output}");

    [GeneratedRegex(@"^(\S(?:.*?\S)?)\s{2,}(.*)$")]
    private static partial Regex FieldPattern();
}
