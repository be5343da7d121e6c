using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;
using CommandStarted = Caisey.Protocol.Frames.CommandStarted;

namespace Caisey.Tests.Bridge;

public sealed class LongPollExchangeTests
{
    private readonly FrameCodec _codec = new();

    [Fact]
    public async Task Exchange_CarriesTheSameProtocol_HelloWelcomeDispatchAndResult()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);

        Assert.Empty(await ExchangeAsync(node, enrolled, 0));
        var hello = new Hello("h-1", enrolled.EndpointId, "lp-agent/1.0", BridgeProtocol.CurrentVersion, []);
        var answer = await ExchangeAsync(node, enrolled, 0, hello);
        var welcome = Assert.Single(answer.OfType<Welcome>());
        Assert.Equal("h-1", welcome.CorrelationId);
        var ping = Assert.Single(answer.OfType<Ping>());
        await ExchangeAsync(node, enrolled, 0, new Pong("p-1", ping.Id));
        Assert.Equal(ReachabilityStates.Reachable, node.Reachability().Get(enrolled.EndpointId).State);
        Assert.Equal("long-poll", node.Reachability().Get(enrolled.EndpointId).Transport);

        var held = ExchangeAsync(node, enrolled, 10_000);
        await node.QueueAsync(enrolled.EndpointId, "cmd-lp", "echo lp");
        var run = Assert.Single((await held.WaitAsync(TestAgent.Patience)).OfType<RunCommand>());

        var acks = await ExchangeAsync(node, enrolled, 0,
            new Ack("a-1", run.Id), new CommandStarted("a-2", "cmd-lp"), new CommandFinished("a-3", "cmd-lp", 0, 3, false, 5));
        Assert.Equal(["a-2", "a-3"], acks.OfType<Ack>().Select(a => a.CorrelationId));

        var done = await node.CommandAsync(enrolled.EndpointId, "cmd-lp");
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Contains(done.Timeline, e => e.Detail == "attempt 1 via long-poll");
    }

    [Fact]
    public async Task Exchange_WithoutHelloFirst_AnswersWithCloseFrame()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var answer = await ExchangeAsync(node, enrolled, 0, new CommandAccepted("a-1", "cmd-1"));
        Assert.Contains("hello", Assert.Single(answer.OfType<Close>()).Reason, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<Frame>> ExchangeAsync(TestNode node, BridgeTestKit.Enrolled enrolled, int waitMs, params Frame[] frames)
    {
        var body = "{\"sessionId\":\"s-1\",\"frames\":[" + string.Join(",", frames.Select(f => Encoding.UTF8.GetString(_codec.Encode(f)))) + "]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/agent/v1/exchange?waitMs={waitMs}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", enrolled.Credential);
        var response = await node.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return document.RootElement.GetProperty("frames").EnumerateArray().Select(f => _codec.Decode(Encoding.UTF8.GetBytes(f.GetRawText()))).ToArray();
    }
}
