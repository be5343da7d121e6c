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
