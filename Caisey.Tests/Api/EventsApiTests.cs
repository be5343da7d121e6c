using System.Net;
using System.Text.Json;
using Caisey.Tests.Hosting;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Api;

public sealed class EventsApiTests
{
    [Fact]
    public async Task Events_StreamCommandChanged_ForASubmittedCommand()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        using var response = await admin.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        await events.WaitForCommentAsync("connected").Within("the event stream to open");

        var id = (await admin.SubmitAsync(endpointId, new { script = "uptime" })).GetProperty("id").GetString()!;

        var data = await events.NextAsync("command.changed").Within("command.changed for the submitted command");
        var view = JsonDocument.Parse(data).RootElement;
        Assert.Equal(id, view.GetProperty("id").GetString());
        Assert.Equal("queued", view.GetProperty("status").GetString());
        var endpoint = JsonDocument.Parse(await events.NextAsync("endpoint.changed").Within("endpoint.changed with the new pending count")).RootElement;
        Assert.Equal(endpointId, endpoint.GetProperty("id").GetString());
        Assert.Equal(1, endpoint.GetProperty("pendingCommands").GetInt32());
    }

    [Fact]
    public async Task Events_WhenIdle_SendHeartbeatComments()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.api.events.heartbeat=50ms");
        using var admin = await node.LoginAsync();
        using var response = await admin.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());

        await events.WaitForCommentAsync("connected").Within("the event stream to open");
        await events.WaitForCommentAsync("heartbeat").Within("a heartbeat comment on an idle stream");
    }
}
