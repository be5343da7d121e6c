using System.Diagnostics;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>An agent that stops answering while its socket stays open must not look reachable.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class FrozenAgentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task SigstoppedAgent_LeavesReachableWithinTheFreshnessWindow_AndReturnsOnSigcont()
    {
        await using var rig = await EndToEndRig.StartAsync(output, "caisey.bridge.fresh-for=2s", "caisey.bridge.ping-interval=500ms");
        var machine = await rig.EnrollAsync();
        machine.Start();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable once its agent runs", TimeSpan.FromSeconds(30));

        await machine.FreezeAsync();
        var frozenAt = Stopwatch.StartNew();
        // The last pong can be up to one ping interval old when the process stops; a second of slack for a busy machine.
        var state = await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s != "reachable",
            "to leave reachable within fresh-for (2 s) of its agent freezing", FreshFor + TimeSpan.FromSeconds(1.5));
        output.WriteLine($"left reachable ({state}) {frozenAt.ElapsedMilliseconds} ms after SIGSTOP");
        Assert.True(machine.Process is { HasExited: false }, "the frozen agent must still be alive (its socket open)");

        // Work sent to a frozen machine waits, and runs once when it thaws.
        var command = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("thawed"), "thawed");
        await machine.ThawAsync();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to be reachable again after SIGCONT", TimeSpan.FromSeconds(10));
        var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));
        Assert.True(done is { Status: "succeeded", ExitCode: 0 }, $"Expected the command sent while frozen to succeed after the thaw, got {done}");
        rig.SideEffects.AssertEachRanExactlyOnce(["thawed"]);
    }
}
