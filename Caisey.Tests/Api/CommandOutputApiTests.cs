using System.Net;
using System.Text;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Tests.Hosting;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Api;

public sealed class CommandOutputApiTests
{
    [Fact]
    public async Task Output_ReturnsTheWholeOutputSoFar_AsPlainText()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var id = (await admin.SubmitAsync(endpointId, new { script = "ls" })).GetProperty("id").GetString()!;
        var output = node.App.Services.GetRequiredService<CommandOutputStore>();
        await output.AppendAsync(new OutputChunkRecord(id, 0, "stdout", "bin\n"));
        await output.AppendAsync(new OutputChunkRecord(id, 1, "stderr", "ls: cannot access 'x'\n"));
        await output.AppendAsync(new OutputChunkRecord(id, 2, "stdout", "etc\n"));

        var response = await admin.GetAsync($"/api/v1/commands/{id}/output");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bin\nls: cannot access 'x'\netc\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutputFollow_StreamsChunksAppendedLater_AndEndsWhenTheCommandFinishes()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var id = (await admin.SubmitAsync(endpointId, new { script = "tail log" })).GetProperty("id").GetString()!;
        var output = node.App.Services.GetRequiredService<CommandOutputStore>();
        await output.AppendAsync(new OutputChunkRecord(id, 0, "stdout", "before\n"));
        await node.DriveAsync(endpointId, new MarkDispatched(id));
        await node.DriveAsync(endpointId, new AcknowledgeCommand(id));
        await node.DriveAsync(endpointId, new MarkRunning(id));

        using var response = await admin.GetAsync($"/api/v1/commands/{id}/output?follow=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        Assert.Equal("before", await reader.ReadLineAsync().Within("the output stored before the request"));

        await output.AppendAsync(new OutputChunkRecord(id, 1, "stdout", "after\n"));
        Assert.Equal("after", await reader.ReadLineAsync().Within("a chunk appended while following, streamed at once"));

        await output.AppendAsync(new OutputChunkRecord(id, 2, "stdout", "last\n"));
        await node.DriveAsync(endpointId, new CompleteCommand(id, 0, 18));
        Assert.Equal("last\n", await reader.ReadToEndAsync().Within("the stream to end once the command succeeded"));
    }
}
