using Caisey.Agent.Bridge;
using Caisey.Tests.Support;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class TransportRotationEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DeadPrimaryUrl_AgentRotatesToTheLiveNode_AndRunsACommand()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var machine = await rig.EnrollAsync();
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        machine.Start($"caisey.agent.server-urls=[\"{dead}\", \"{rig.NodeUrl}\"]");

        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable over the second URL", TimeSpan.FromSeconds(30));
        var command = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("rotated"), "rotated");
        var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));

        Assert.True(done is { Status: "succeeded", ExitCode: 0 }, $"Expected the command to succeed over the rotated transport, got {done}");
        rig.SideEffects.AssertEachRanExactlyOnce(["rotated"]);
        var remembered = TransportRotation.LoadState(machine.DataDir);
        Assert.Equal($"websocket {rig.NodeUrl}/", remembered?.Name);
    }
}
