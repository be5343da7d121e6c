using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Auth;
using Caisey.Node.Cluster;
using Caisey.Tests.Api;
using Microsoft.Extensions.Logging;

namespace Caisey.Tests.Ops;

/// <summary><c>/ops/v1</c> over real HTTP against a single node (<see cref="OpsFleet"/>).</summary>
[Collection(OpsCollection.Name)]
public sealed class OpsApiTests(OpsFleet fleet)
{
    [Fact]
    public async Task Cluster_OnASingleNode_ListsItselfUp_OwningEveryShard()
    {
        var cluster = await fleet.Admin.GetJsonAsync("/ops/v1/cluster");

        Assert.False(cluster.GetProperty("clustered").GetBoolean());
        Assert.Equal(256, cluster.GetProperty("shardCount").GetInt32());
        var member = Assert.Single(cluster.GetProperty("members").EnumerateArray());
        Assert.Equal("node-1", member.GetProperty("nodeId").GetString());
        Assert.Equal(fleet.Url.ToString().TrimEnd('/'), member.GetProperty("advertisedUrl").GetString()!.TrimEnd('/'));
        Assert.Equal("up", member.GetProperty("status").GetString());
        Assert.True(member.GetProperty("self").GetBoolean());
        Assert.Equal(256, member.GetProperty("shardsOwned").GetInt32());
        Assert.Equal(3, member.GetProperty("liveEntities").GetInt32());
        Assert.Equal(0, member.GetProperty("lastHeartbeatAgeMs").GetInt64());
    }

    [Fact]
    public async Task Shards_ListEveryShardOwnedAtEpochZero_WithTheEndpointsThatHashThere()
    {
        var shards = (await fleet.Admin.GetJsonAsync("/ops/v1/shards")).GetProperty("shards").EnumerateArray().ToList();

        Assert.Equal(Enumerable.Range(0, 256), shards.Select(s => s.GetProperty("shardId").GetInt32()));
        Assert.All(shards, s =>
        {
            Assert.Equal("node-1", s.GetProperty("ownerNodeId").GetString());
            Assert.Equal(0, s.GetProperty("epoch").GetInt64());
            Assert.Equal(JsonValueKind.Null, s.GetProperty("leaseExpiresAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, s.GetProperty("handoffTo").ValueKind);
        });
        foreach (var group in fleet.Known.GroupBy(id => ShardMap.ShardOf(id)))
            Assert.Equal(group.Count(), shards[group.Key].GetProperty("knownEndpoints").GetInt32());
        foreach (var group in fleet.Messaged.GroupBy(id => ShardMap.ShardOf(id)))
            Assert.Equal(group.Count(), shards[group.Key].GetProperty("liveEntitiesHere").GetInt32());
        Assert.Equal(5, shards.Sum(s => s.GetProperty("knownEndpoints").GetInt32()));
        Assert.Equal(3, shards.Sum(s => s.GetProperty("liveEntitiesHere").GetInt32()));
    }

    [Fact]
    public async Task Stats_CountLiveEntitiesAndEndpoints_PerNodeAndInTotal()
    {
        var stats = await fleet.Admin.GetJsonAsync("/ops/v1/shards/stats");

        var node = Assert.Single(stats.GetProperty("nodes").EnumerateArray());
        Assert.Equal(("node-1", 256, 3, 5), (node.GetProperty("nodeId").GetString(), node.GetProperty("shards").GetInt32(),
            node.GetProperty("liveEntities").GetInt32(), node.GetProperty("endpoints").GetInt32()));
        var totals = stats.GetProperty("totals");
        Assert.Equal((1, 256, 0, 3, 5), (totals.GetProperty("nodes").GetInt32(), totals.GetProperty("shards").GetInt32(),
            totals.GetProperty("unownedShards").GetInt32(), totals.GetProperty("liveEntities").GetInt32(), totals.GetProperty("endpoints").GetInt32()));
        var perShard = stats.GetProperty("distribution").GetProperty("endpointsPerShard");
        var busiest = fleet.Known.GroupBy(id => ShardMap.ShardOf(id)).Max(g => g.Count());
        Assert.Equal((0, busiest, Math.Round(5 / 256.0, 3)), (perShard.GetProperty("min").GetInt32(), perShard.GetProperty("max").GetInt32(), perShard.GetProperty("mean").GetDouble()));
        Assert.Equal(3, stats.GetProperty("distribution").GetProperty("liveEntitiesPerNode").GetProperty("max").GetInt32());
    }

    [Fact]
    public async Task Endpoint_NamesItsShardOwnerAndEpoch_AndWhetherItsEntityIsLiveHere()
    {
        var live = await fleet.Admin.GetJsonAsync($"/ops/v1/endpoints/{fleet.Messaged[0]}");
        var idle = await fleet.Admin.GetJsonAsync($"/ops/v1/endpoints/{fleet.Idle[0]}");

        Assert.Equal(ShardMap.ShardOf(fleet.Messaged[0]), live.GetProperty("shard").GetInt32());
        Assert.Equal("node-1", live.GetProperty("ownerNodeId").GetString());
        Assert.Equal(fleet.Url.ToString().TrimEnd('/'), live.GetProperty("ownerUrl").GetString()!.TrimEnd('/'));
        Assert.Equal(0, live.GetProperty("epoch").GetInt64());
        Assert.True(live.GetProperty("liveHere").GetBoolean());
        Assert.False(idle.GetProperty("liveHere").GetBoolean());
        var endpoint = live.GetProperty("endpoint");
        Assert.Equal("ops-01", endpoint.GetProperty("hostname").GetString());
        Assert.Equal("never-connected", endpoint.GetProperty("reachability").GetProperty("state").GetString());
        Assert.Equal(1, endpoint.GetProperty("pendingCommands").GetInt32());
        Assert.Equal(0, idle.GetProperty("endpoint").GetProperty("pendingCommands").GetInt32());
    }

    [Fact]
    public async Task Endpoint_Unknown_IsA404Problem()
    {
        var problem = await (await fleet.Admin.GetAsync("/ops/v1/endpoints/ep_missing")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("ep_missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leave")]
    [InlineData("down")]
    public async Task LeaveAndDown_OnASingleNode_AreRefusedWith409(string action)
    {
        var problem = await (await fleet.Admin.PostAsJsonAsync($"/ops/v1/cluster/{action}", new { node = "node-1" })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("not part of a cluster", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await (await fleet.Admin.PostAsJsonAsync($"/ops/v1/cluster/{action}", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("node", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_GivesTheLastLinesTheNodeLogged()
    {
        var marker = "ops-log-marker-" + Guid.NewGuid().ToString("N");
        fleet.Node.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Caisey.Tests.Ops").LogWarning("{Marker} written by the test", marker);

        var log = await fleet.Admin.GetJsonAsync("/ops/v1/log?lines=5");

        var lines = log.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.InRange(lines.Count, 1, 5);
        Assert.Contains(lines, l => l.Contains(marker, StringComparison.Ordinal) && l.Contains("WRN Caisey.Tests.Ops", StringComparison.Ordinal));
        Assert.Equal(2000, log.GetProperty("capacity").GetInt32());
        await (await fleet.Admin.GetAsync("/ops/v1/log?lines=0")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Technician_IsRefusedWithAProblemThatSaysAdminsOnly()
    {
        var username = "tech-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(fleet.Node.App.Services.GetRequiredService<UserStore>().Create(username, ApiFleet.UserPassword, Roles.Technician, []));
        using var technician = fleet.Client(fleet.Issue(username));

        var problem = await (await technician.GetAsync("/ops/v1/shards/stats")).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("admins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
