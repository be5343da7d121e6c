using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

public sealed class BatchesApiTests
{
    [Fact]
    public async Task Batch_ToTwoEndpoints_QueuesOneCommandPerTarget_WithTheBatchId()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var first = await node.EnrollAsync("web-01");
        var second = await node.EnrollAsync("web-02");

        var response = await admin.PostAsJsonAsync("/api/v1/batches", new { endpointIds = new[] { first, second }, command = new { script = "uptime" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        var batchId = batch.GetProperty("batchId").GetString()!;
        Assert.StartsWith("bat_", batchId, StringComparison.Ordinal);
        var commands = batch.GetProperty("commands").EnumerateArray().ToList();
        Assert.Equal(2, commands.Count);
        Assert.Equal(new[] { first, second }.Order(), commands.Select(c => c.GetProperty("endpointId").GetString()!).Order());
        Assert.NotEqual(commands[0].GetProperty("id").GetString(), commands[1].GetProperty("id").GetString());
        foreach (var command in commands)
        {
            var stored = await admin.GetJsonAsync($"/api/v1/commands/{command.GetProperty("id").GetString()}");
            Assert.Equal(batchId, stored.GetProperty("batchId").GetString());
            Assert.Equal("queued", stored.GetProperty("status").GetString());
        }
        Assert.Equal(2, (await admin.GetJsonAsync($"/api/v1/batches/{batchId}")).GetProperty("commands").GetArrayLength());
    }

    [Fact]
    public async Task Batch_WithOneForeignTarget_Is404NamingIt_AndQueuesNothing()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupA = await admin.CreateGroupAsync("Acme");
        var groupB = await admin.CreateGroupAsync("Globex");
        var mine = await node.EnrollAsync("acme-01", groupA);
        var theirs = await node.EnrollAsync("globex-01", groupB);
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", groupA);

        var response = await tech.PostAsJsonAsync("/api/v1/batches", new { endpointIds = new[] { mine, theirs }, command = new { script = "uptime" } });

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(theirs, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(mine, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/endpoints/{mine}/commands")).EnumerateArray());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/endpoints/{theirs}/commands")).EnumerateArray());
    }

    [Fact]
    public async Task Batch_WithInvalidSpec_Is400_AndQueuesNothing()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");

        var response = await admin.PostAsJsonAsync("/api/v1/batches", new { endpointIds = new[] { endpointId }, command = new { script = "", timeoutSeconds = -5 } });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["command.script", "command.timeoutSeconds"], problem.GetProperty("errors").PropertyNames());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray());
    }
}
