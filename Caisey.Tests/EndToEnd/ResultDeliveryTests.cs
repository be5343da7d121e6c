using System.Net;
using Caisey.Tests.Support;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>The connection dies after the script ran but before its result reached the node: the result is delivered later, the script is not re-run.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class ResultDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConnectionsCutRightAfterTheScriptRan_CommandSucceedsOnce()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        await using var proxy = new FaultProxy(new IPEndPoint(IPAddress.Loopback, rig.Node.Port));
        var machine = await StartBehindAsync(rig, proxy);

        var command = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("cut"), "cut");
        await Poll.UntilAsync(() => rig.SideEffects.CountOf("cut") == 1, TimeSpan.FromSeconds(20), "the command's marker on the machine");
        proxy.RefuseNew = true;
        var cut = proxy.ResetAll();
        output.WriteLine($"reset {cut} connection(s) right after the marker appeared");
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s != "reachable", "to leave reachable once its connections were cut", TimeSpan.FromSeconds(10));
        proxy.RefuseNew = false;

        var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));
        Assert.True(done is { Status: "succeeded", ExitCode: 0 }, $"Expected the command to succeed once the link came back, got {done}");
        rig.SideEffects.AssertEachRanExactlyOnce(["cut"]);
    }

    [Fact]
    public async Task EverythingTheAgentSendsIsLostThenTheLinkResets_CommandSucceedsOnce()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        await using var proxy = new FaultProxy(new IPEndPoint(IPAddress.Loopback, rig.Node.Port));
        var machine = await StartBehindAsync(rig, proxy);

        // The node's run-command still reaches the agent, but its ack, progress and result vanish on the way back.
        proxy.BlackholeToTarget = true;
        var command = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("lost-result"), "lost-result");
        await Poll.UntilAsync(() => rig.SideEffects.CountOf("lost-result") == 1, TimeSpan.FromSeconds(20), "the command's marker on the machine");
        await Poll.UntilAsync(() => proxy.BlackholedBytes > 0, TimeSpan.FromSeconds(10), "the agent's frames to be thrown away by the proxy");
        var stuck = await rig.Api.GetCommandAsync(command.Id);
        Assert.True(stuck.Status is "dispatched", $"Expected the node to know only that it dispatched the command, got {stuck}");

        proxy.RefuseNew = true;
        proxy.ResetAll();
        proxy.BlackholeToTarget = false;
        proxy.RefuseNew = false;

        var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));
        Assert.True(done is { Status: "succeeded", ExitCode: 0 }, $"Expected the command to succeed once the link came back, got {done}");
        rig.SideEffects.AssertEachRanExactlyOnce(["lost-result"]);
    }

    private static async Task<MachineAgent> StartBehindAsync(EndToEndRig rig, FaultProxy proxy)
    {
        var machine = await rig.EnrollAsync();
        machine.Start($"caisey.agent.server-urls=[\"http://127.0.0.1:{proxy.Port}\"]");
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable through the proxy", TimeSpan.FromSeconds(30));
        return machine;
    }
}
