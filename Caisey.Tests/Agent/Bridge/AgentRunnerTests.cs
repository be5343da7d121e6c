using Caisey.Agent.Bridge;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>The lazy bridge: doorbell, idle close, polling fallback, credential rejection, transport rotation.</summary>
public sealed class AgentRunnerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ScriptedNode _node = null!;

    public async Task InitializeAsync() => _node = await ScriptedNode.StartAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task AnIdleBridge_IsClosedByTheAgent_WhichThenHoldsTheDoorbell()
    {
        await using var agent = new AgentHarness(_dir, _node.Url);
        agent.Options.BridgeIdleTimeout = TimeSpan.FromMilliseconds(300);
        await agent.StartAsync();

        await _node.AgentClosed.Task.Within("the agent to close its idle bridge");
        await _node.DoorbellHeld.Task.Within("the agent to hold the doorbell after closing the bridge");

        Assert.Equal(1, _node.ClosedByAgent);
        Assert.Single(_node.HelloTimes);
    }

    [Fact]
    public async Task TheDoorbellRinging_OpensTheBridge_AndTheQueuedCommandRuns()
    {
        await using var agent = new AgentHarness(_dir, _node.Url);
        agent.Options.BridgeIdleTimeout = TimeSpan.FromMilliseconds(300);
        await agent.StartAsync();
        await _node.AgentClosed.Task.Within("the first bridge to close when idle");
        await _node.DoorbellHeld.Task.Within("the agent to hold the doorbell");

        _node.QueueCommand("cmd-rung", "echo rung");

        var finished = (CommandFinished)await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-rung" }, "the command after the doorbell rang");
        Assert.Equal(0, finished.ExitCode);
        Assert.Equal(2, _node.HelloTimes.Count);
    }

    [Fact]
    public async Task AWrongCredential_IsReportedClearly_AfterABoundedNumberOfAttemptsWithBackoff()
    {
        _node.RejectCredential = true;
        await using var agent = new AgentHarness(_dir, _node.Url) { Credential = "wrong-credential" };
        agent.Options.MaxAuthFailures = 4;
        await agent.StartAsync();

        var stopped = await Assert.ThrowsAsync<BridgeUnauthorizedException>(() => agent.Running.Within("the agent to give up on a rejected credential"));

        Assert.Contains("401", stopped.Message);
        Assert.Contains("Enroll it again", stopped.Message);
        Assert.Equal(4, _node.BridgeAttempts);
        Assert.DoesNotContain("wrong-credential", stopped.Message);
    }

    [Fact]
    public async Task WhenTheWebSocketEndpointIsDead_TheLongPollExchangeCarriesTheBridge()
    {
        _node.WebSocketDisabled = true;
        await using var agent = new AgentHarness(_dir, _node.Url);
        await agent.StartAsync();

        await _node.WaitForFrameAsync(f => f is CheckIn, "a check-in over the long-poll exchange");
        _node.QueueCommand("cmd-lp", "echo over http");
        var finished = await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-lp" }, "a command over the long-poll exchange");

        Assert.Equal(2, _node.BridgeAttempts);
        Assert.True(_node.ExchangeRequests > 0);
        Assert.Contains(_node.ReceivedOf<OutputChunk>(), c => c.Data == "over http\n");
        Assert.StartsWith("long-poll ", TransportRotation.LoadState(agent.Options.DataDir)?.Name);
        Assert.NotNull(finished);
    }

    [Fact]
    public async Task ADeadPrimary_MovesToTheAlternate_AndTheAlternateIsRememberedAcrossRestarts()
    {
        await using var dead = await ScriptedNode.StartAsync();
        dead.Dead = true;
        await using (var first = new AgentHarness(_dir, dead.Url, _node.Url))
        {
            await first.StartAsync();
            await _node.WaitForFrameAsync(f => f is CheckIn, "a check-in on the alternate node");
            await first.StopAsync();
        }
        var deadAttempts = dead.BridgeAttempts;

        await using var restarted = new AgentHarness(_dir, dead.Url, _node.Url);
        await restarted.StartAsync();
        await _node.WaitForFrameAsync(f => f is CheckIn && _node.ReceivedOf<CheckIn>().Count >= 2, "a check-in after the restart");

        Assert.Equal(2, deadAttempts);
        Assert.Equal(2, dead.BridgeAttempts);
    }

    [Fact]
    public async Task ADoorbellThatKeepsFailing_FallsBackToOpeningTheBridgeOnTheCheckInInterval()
    {
        _node.DoorbellBroken = true;
        await using var agent = new AgentHarness(_dir, _node.Url);
        agent.Options.BridgeIdleTimeout = TimeSpan.FromMilliseconds(200);
        agent.Options.CheckinInterval = TimeSpan.FromMilliseconds(600);
        agent.Options.DoorbellFailuresBeforePolling = 2;
        await agent.StartAsync();

        await _node.WaitForFrameAsync(f => f is CheckIn && _node.ReceivedOf<CheckIn>().Count >= 3, "three check-ins while the doorbell is broken");

        Assert.InRange(_node.DoorbellRequests, 2, 5);
    }
}
