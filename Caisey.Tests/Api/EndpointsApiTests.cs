using System.Net;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

public sealed class EndpointsApiTests
{
    [Fact]
    public async Task Endpoint_Json_HasTheThreeLayersWithApiNames()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        await node.Runtime().Endpoints.AskAsync(endpointId, new CheckIn("web-01", "Ubuntu 24.04", "1.2.0", 3600, 4));
        await admin.SubmitAsync(endpointId, new { script = "uptime" });

        var endpoint = await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}");

        Assert.Equal(endpointId, endpoint.GetProperty("id").GetString());
        Assert.Equal("web-01", endpoint.GetProperty("hostname").GetString());
        Assert.Equal("default", endpoint.GetProperty("clientGroupId").GetString());
        Assert.Equal(1, endpoint.GetProperty("pendingCommands").GetInt32());
        var readiness = endpoint.GetProperty("readiness");
        Assert.All(new[] { "lastCheckInAt", "os", "agentVersion", "pendingUpdates", "approval", "flags" },
            field => Assert.Contains(field, readiness.PropertyNames()));
        Assert.Equal("Ubuntu 24.04", readiness.GetProperty("os").GetString());
        Assert.Equal(4, readiness.GetProperty("pendingUpdates").GetInt32());
        Assert.EndsWith("Z", readiness.GetProperty("lastCheckInAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(["pending-updates", "never-connected"], readiness.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Object, readiness.GetProperty("approval").ValueKind);
        var reachability = endpoint.GetProperty("reachability");
        Assert.Equal(["state", "since", "lastContactAt", "lastRttMs", "nextRetryAt", "attempt", "transport"], reachability.PropertyNames());
        Assert.Equal("never-connected", reachability.GetProperty("state").GetString());
        Assert.Equal(["state", "since"], endpoint.GetProperty("session").PropertyNames());
        Assert.Equal("none", endpoint.GetProperty("session").GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_OrdersReadinessFirst_AndFilters()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupId = await admin.CreateGroupAsync("Acme");
        var never = await node.EnrollAsync("a-never-checked-in");
        var updates = await node.EnrollAsync("b-pending-updates", groupId);
        var clean = await node.EnrollAsync("c-clean");
        await node.Runtime().Endpoints.AskAsync(updates, new CheckIn("b-pending-updates", "linux", "1.0.0", 10, 3));
        await node.Runtime().Endpoints.AskAsync(clean, new CheckIn("c-clean", "linux", "1.0.0", 10, 0));

        Assert.Equal([clean, updates, never], Ids(await admin.GetJsonAsync("/api/v1/endpoints")));
        Assert.Equal([updates], Ids(await admin.GetJsonAsync($"/api/v1/endpoints?clientGroupId={groupId}")));
        Assert.Equal([updates], Ids(await admin.GetJsonAsync("/api/v1/endpoints?q=PENDING")));
        Assert.Equal([never], Ids(await admin.GetJsonAsync($"/api/v1/endpoints?q={never[3..10]}")));
        Assert.Equal(3, (await admin.GetJsonAsync("/api/v1/endpoints?reachability=never-connected")).GetArrayLength());
        Assert.Empty(Ids(await admin.GetJsonAsync("/api/v1/endpoints?reachability=reachable")));
        await (await admin.GetAsync("/api/v1/endpoints?reachability=green")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/endpoints/ep_missing")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static List<string?> Ids(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("id").GetString())];
}
