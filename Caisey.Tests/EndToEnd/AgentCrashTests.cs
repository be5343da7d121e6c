using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class AgentCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AgentKilledMidCommand_CommandFailsAgentRestarted_AndIsNeverRunAgain()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var machine = await rig.EnrollAsync();
        machine.Start();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable once its agent runs", TimeSpan.FromSeconds(30));

        var command = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("long", then: "sleep 30"), "long");
        await Poll.UntilAsync(() => rig.SideEffects.CountOf("long") == 1, TimeSpan.FromSeconds(20), "the long command's marker on the machine");
        await rig.Api.WaitForCommandAsync(command.Id, c => c.Status == "running", "to be running on the node", TimeSpan.FromSeconds(10));
        await machine.KillAsync();

        machine.Start();
        var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));
        Assert.True(done is { Status: "failed", FailureReason: "agent-restarted" }, $"Expected the interrupted command to fail with agent-restarted, got {done}");

        // The restarted agent still works, and the interrupted script was not started a second time.
        var after = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("after"), "after");
        var afterDone = await rig.Api.WaitForTerminalAsync(after.Id, TimeSpan.FromSeconds(30));
        Assert.True(afterDone.Status == "succeeded", $"Expected a command after the restart to succeed, got {afterDone}");
        rig.SideEffects.AssertEachRanExactlyOnce(["long", "after"]);
    }

    [Fact]
    public async Task AgentKilled_TheShellItStartedAheadExits_RunningNothing()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var machine = await rig.EnrollAsync();
        machine.Start();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable once its agent runs", TimeSpan.FromSeconds(30));
        var agentPid = machine.Process!.Id;
        var waiting = new List<int>();
        await Poll.UntilAsync(() =>
        {
            waiting = [.. Caisey.Tests.Agent.ProcessProbe.ChildrenOf(agentPid).Where(pid => Caisey.Tests.Agent.ProcessProbe.Name(pid) == "sh")];
            return waiting.Count == 1;
        }, TimeSpan.FromSeconds(10), "the agent's shell started ahead of its first command");

        // SIGKILL to the agent alone: no shutdown code runs, and nothing else is signalled.
        System.Diagnostics.Process.GetProcessById(agentPid).Kill();

        await Poll.UntilAsync(() => !waiting.Any(Caisey.Tests.Agent.ProcessProbe.IsAlive), TimeSpan.FromSeconds(10),
            "the orphaned shell to read the end of its input and exit");
    }
}
