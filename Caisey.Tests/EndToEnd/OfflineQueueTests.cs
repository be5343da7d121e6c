using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class OfflineQueueTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CommandsForAStoppedAgent_WaitQueued_ThenEachRunsOnceWhenItReturns()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var machine = await rig.EnrollAsync();
        machine.Start();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable once its agent runs", TimeSpan.FromSeconds(30));
        await machine.StopAsync();
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s != "reachable", "to stop being reachable once its agent stopped", TimeSpan.FromSeconds(10));

        var tags = Enumerable.Range(0, 5).Select(i => $"offline-{i}").ToList();
        var submitted = new List<CommandSnapshot>();
        foreach (var tag in tags)
            submitted.Add(await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script(tag), tag));

        // While the machine is away the commands wait: observed over more than one check-in of the node's own timers.
        await Poll.StaysAsync(async () => (await rig.Api.ReachabilityAsync(machine.EndpointId), await rig.Api.HistoryAsync(machine.EndpointId)),
            s => s.Item1 != "reachable" && s.Item2.Count == tags.Count && s.Item2.All(c => c.Status == "queued" && c.Attempts == 0),
            TimeSpan.FromSeconds(2), "the endpoint to stay unreachable and its 5 commands to stay queued while its agent is stopped",
            s => $"{s.Item1}; {string.Join(", ", s.Item2)}");
        Assert.Empty(rig.SideEffects.Counts());

        machine.Start();
        foreach (var command in submitted)
        {
            var done = await rig.Api.WaitForTerminalAsync(command.Id, TimeSpan.FromSeconds(30));
            Assert.True(done.Status == "succeeded" && done.ExitCode == 0, $"Expected {command.Id} to succeed with exit code 0, got {done}");
        }
        rig.SideEffects.AssertEachRanExactlyOnce(tags);
    }
}
