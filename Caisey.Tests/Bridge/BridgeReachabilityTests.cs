using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Reachability;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Bridge;

public sealed class BridgeReachabilityTests
{
    [Fact]
    public async Task OpenBridge_IsReachableWithRtt_AndAFrozenAgentLeavesReachableWithinTheFreshnessWindow()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.bridge.fresh-for=1s", "caisey.bridge.ping-interval=200ms");
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        Assert.Equal(ReachabilityStates.NeverConnected, node.Reachability().Get(enrolled.EndpointId).State);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;

        var reachable = await node.WaitForReachabilityAsync(enrolled.EndpointId, r => r.State == ReachabilityStates.Reachable, "reachable after a pong");
        Assert.NotNull(reachable.LastRttMs);
        Assert.Equal("websocket", reachable.Transport);

        agent.AnswerPings = false;
        var frozenAt = Stopwatch.StartNew();
        var stale = await node.WaitForReachabilityAsync(enrolled.EndpointId, r => r.State != ReachabilityStates.Reachable, "no longer reachable", TimeSpan.FromSeconds(5));
        Assert.True(frozenAt.Elapsed < TimeSpan.FromSeconds(2.5), $"left reachable after {frozenAt.Elapsed}; the freshness window is 1 s");
        Assert.Equal(ReachabilityStates.Unreachable, stale.State);
        Assert.NotNull(stale.LastContactAt);
        Assert.False(agent.Closed.IsCompleted, "the frozen agent's socket is still open: reachability came from the missing round trips");
    }

    [Fact]
    public async Task Doorbell_RingsWhenACommandIsQueued_AndIsContactButNotReachable()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);

        Assert.Equal(HttpStatusCode.NoContent, (await PollAsync(node, enrolled, 1)).StatusCode);
        var afterPoll = node.Reachability().Get(enrolled.EndpointId);
        Assert.Equal(ReachabilityStates.Unreachable, afterPoll.State);
        Assert.NotNull(afterPoll.LastContactAt);

        var poll = PollAsync(node, enrolled, 20);
        await node.QueueAsync(enrolled.EndpointId, "cmd-bell", "true");
        var rang = await poll.WaitAsync(TestAgent.Patience);
        Assert.Equal(HttpStatusCode.OK, rang.StatusCode);
        var answer = await rang.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("ring").GetBoolean());
        Assert.Equal("work", answer.GetProperty("reason").GetString());
        Assert.Equal(ReachabilityStates.Connecting, node.Reachability().Get(enrolled.EndpointId).State);

        // Work already waiting: the next poll rings at once.
        Assert.Equal(HttpStatusCode.OK, (await PollAsync(node, enrolled, 20).WaitAsync(TestAgent.Patience)).StatusCode);
    }

    [Fact]
    public async Task SecondBridge_SupersedesTheFirst()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (first, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = first;
        var (second, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var __ = second;

        Assert.Equal(BridgeCloseCodes.Superseded, await first.Closed.WaitAsync(TestAgent.Patience));
        await node.QueueAsync(enrolled.EndpointId, "cmd-s", "true");
        Assert.Equal("cmd-s", (await second.NextAsync<RunCommand>("run-command on the newer bridge")).CommandId);
    }

    [Fact]
    public async Task SupersededBridge_StillSendingFrames_GetsItsCloseStatus_NotAReset()
    {
        // The node must read the old agent's frames up to its close reply: a socket closed with unread bytes is reset,
        // and the reset can overtake the 4001 close frame.
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        for (var round = 0; round < 5; round++)
        {
            var (first, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
            await using var _ = first;
            using var stop = new CancellationTokenSource();
            var chatter = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && !first.Closed.IsCompleted)
                    await first.SendAsync(new Pong(first.NewId(), "not-a-ping"));
            });
            var (second, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
            await using var __ = second;

            Assert.Equal(BridgeCloseCodes.Superseded, await first.Closed.WaitAsync(TestAgent.Patience));
            await stop.CancelAsync();
            await chatter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private static Task<HttpResponseMessage> PollAsync(TestNode node, BridgeTestKit.Enrolled enrolled, int waitSeconds)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/agent/v1/doorbell?waitSeconds={waitSeconds}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", enrolled.Credential);
        return node.Http.SendAsync(request);
    }
}
