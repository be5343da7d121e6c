using System.Net;
using System.Net.Http.Json;
using Caisey.Node.Commands;
using Caisey.Tests.Hosting;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Api;

public sealed class TenancyApiTests
{
    [Fact]
    public async Task Viewer_CannotSubmitOrCancel_ButCanRead()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var commandId = (await admin.SubmitAsync(endpointId, new { script = "uptime" })).GetProperty("id").GetString()!;
        using var viewer = await node.LoginAsNewUserAsync(admin, "vera", "viewer", "default");

        var submit = await viewer.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands", new { script = "rm -rf /" });
        var problem = await submit.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("viewer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await viewer.PostAsync($"/api/v1/commands/{commandId}/cancel", null)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PostAsJsonAsync("/api/v1/batches", new { endpointIds = new[] { endpointId }, command = new { script = "x" } }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(endpointId, Assert.Single((await viewer.GetJsonAsync("/api/v1/endpoints")).EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("queued", (await viewer.GetJsonAsync($"/api/v1/commands/{commandId}")).GetProperty("status").GetString());
        Assert.Single((await viewer.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray());
    }

    [Fact]
    public async Task Technician_SeesOnlyGrantedGroups_OtherTenantsIdsAre404()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupA = await admin.CreateGroupAsync("Acme");
        var groupB = await admin.CreateGroupAsync("Globex");
        var mine = await node.EnrollAsync("acme-01", groupA);
        var theirs = await node.EnrollAsync("globex-01", groupB);
        var theirCommand = (await admin.SubmitAsync(theirs, new { script = "whoami" })).GetProperty("id").GetString()!;
        await node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(theirCommand, 0, "stdout", "secret"));
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", groupA);

        Assert.Equal(mine, Assert.Single((await tech.GetJsonAsync("/api/v1/endpoints")).EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await tech.GetJsonAsync($"/api/v1/endpoints?clientGroupId={groupB}")).EnumerateArray());
        Assert.Equal([groupA], (await tech.GetJsonAsync("/api/v1/client-groups")).EnumerateArray().Select(g => g.GetProperty("id").GetString()));
        foreach (var path in new[]
        {
            $"/api/v1/endpoints/{theirs}", $"/api/v1/endpoints/{theirs}/commands", $"/api/v1/commands/{theirCommand}",
            $"/api/v1/commands/{theirCommand}/output", $"/api/v1/commands/{theirCommand}/output?follow=true",
        })
            await (await tech.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
        await (await tech.PostAsJsonAsync($"/api/v1/endpoints/{theirs}/commands", new { script = "whoami" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await tech.PostAsync($"/api/v1/commands/{theirCommand}/cancel", null)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("queued", (await admin.GetJsonAsync($"/api/v1/commands/{theirCommand}")).GetProperty("status").GetString());

        var own = await tech.SubmitAsync(mine, new { script = "whoami" });
        Assert.Equal("tina", own.GetProperty("submittedBy").GetString());
    }

    [Fact]
    public async Task Events_ForTechnician_CarryOnlyGrantedGroups()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupA = await admin.CreateGroupAsync("Acme");
        var groupB = await admin.CreateGroupAsync("Globex");
        var mine = await node.EnrollAsync("acme-01", groupA);
        var theirs = await node.EnrollAsync("globex-01", groupB);
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", groupA);
        using var response = await tech.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        await events.WaitForCommentAsync("connected").Within("the event stream to open");

        // Theirs first: a leak would be the first command.changed the technician reads.
        var theirCommand = (await admin.SubmitAsync(theirs, new { script = "whoami" })).GetProperty("id").GetString()!;
        await node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(theirCommand, 0, "stdout", "secret"));
        var myCommand = (await admin.SubmitAsync(mine, new { script = "whoami" })).GetProperty("id").GetString()!;
        await node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(myCommand, 0, "stdout", "mine"));

        var changed = await events.NextEventAsync().Within("a command.changed event for the technician's own command");
        Assert.Equal("command.changed", changed.Name);
        Assert.Contains(myCommand, changed.Data, StringComparison.Ordinal);
        var next = await events.NextEventAsync().Within("the endpoint.changed (pending count) of the technician's endpoint");
        Assert.Equal("endpoint.changed", next.Name);
        Assert.Contains(mine, next.Data, StringComparison.Ordinal);
        var output = await events.NextAsync("command.output").Within("the output chunk of the technician's own command");
        Assert.Contains("\"data\":\"mine\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
    }
}
