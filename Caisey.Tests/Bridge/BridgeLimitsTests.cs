using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Bridge;

public sealed class BridgeLimitsTests
{
    [Fact]
    public async Task MalformedFrame_ClosesWithInvalidFrame_AndTheNodeStaysHealthy()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;

        await agent.SendRawAsync(Encoding.UTF8.GetBytes("{\"type\":\"check-in\",\"id\":"));

        Assert.Equal(BridgeCloseCodes.InvalidFrame, await agent.Closed.WaitAsync(TestAgent.Patience));
        await AssertHealthyAsync(node);
    }

    [Fact]
    public async Task OversizedFrame_ClosesWithMessageTooBig_AndTheNodeStaysHealthy()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.bridge.max-frame-bytes=4KiB");
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;

        var huge = new OutputChunk(agent.NewId(), "cmd-x", 0, OutputStream.Stdout, new string('x', 64 * 1024));
        await agent.SendAsync(huge);

        Assert.Equal(BridgeCloseCodes.MessageTooBig, await agent.Closed.WaitAsync(TestAgent.Patience));
        await AssertHealthyAsync(node);
    }

    [Fact]
    public async Task FrameFarPastTheLimit_StillGetsItsCloseCode_NotAReset()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.bridge.max-frame-bytes=4KiB");
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + enrolled.Credential);
        await socket.ConnectAsync(TestAgent.BridgeUri(node), CancellationToken.None).WaitAsync(TestAgent.Patience);

        // Megabytes still on their way when the node refuses the frame. Were they left unread, closing the connection
        // would reset it, and a reset that arrives before the agent reads drops the close frame with the rest. An agent
        // busy sending reads late: this one reads only after the send and a pause.
        var huge = Encoding.UTF8.GetBytes("{\"type\":\"check-in\",\"id\":\"big\",\"padding\":\"" + new string('x', 32 * 1024 * 1024) + "\"}");
        try
        {
            await socket.SendAsync(huge, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(TestAgent.Patience);
        }
        catch (WebSocketException)
        {
            // The send may end with the connection; what matters is the close code read below.
        }
        await Task.Delay(300);

        WebSocketCloseStatus? status = null;
        try
        {
            var buffer = new byte[16 * 1024];
            using var deadline = new CancellationTokenSource(TestAgent.Patience);
            while (status is null)
            {
                var received = await socket.ReceiveAsync(buffer, deadline.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    status = received.CloseStatus;
            }
        }
        catch (WebSocketException e)
        {
            Assert.Fail($"Expected close {(int)BridgeCloseCodes.MessageTooBig}, but the connection was reset first: {e.Message}");
        }
        Assert.Equal(BridgeCloseCodes.MessageTooBig, status);
        await AssertHealthyAsync(node);
    }

    [Fact]
    public async Task FirstFrameNotHello_ClosesWithProtocolError()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await using var agent = await TestAgent.ConnectAsync(node, enrolled.EndpointId, enrolled.Credential);

        await agent.SendAsync(new CommandAccepted(agent.NewId(), "cmd-1"));

        Assert.Equal(BridgeCloseCodes.ProtocolError, await agent.Closed.WaitAsync(TestAgent.Patience));
        Assert.Contains("hello", agent.CloseDescription, StringComparison.Ordinal);
        await AssertHealthyAsync(node);
    }

    [Fact]
    public async Task HelloForAnotherEndpoint_ClosesWithPolicyViolation()
    {
        await using var node = await TestNode.StartAsync();
        var enrolled = await BridgeTestKit.EnrollAsync(node);
        await using var agent = await TestAgent.ConnectAsync(node, enrolled.EndpointId, enrolled.Credential);

        await agent.SendAsync(new Hello(agent.NewId(), "ep_someone_else", "1.0", BridgeProtocol.CurrentVersion, []));

        Assert.Equal(BridgeCloseCodes.PolicyViolation, await agent.Closed.WaitAsync(TestAgent.Patience));
    }

    private static async Task AssertHealthyAsync(TestNode node)
    {
        var health = await node.Http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var enrolled = await BridgeTestKit.EnrollAsync(node, "after");
        var (agent, _) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await agent.DisposeAsync();
    }
}
