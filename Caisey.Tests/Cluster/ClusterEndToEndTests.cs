using Caisey.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Caisey.Tests.Cluster;

/// <summary>Three real nodes on one real PostgreSQL, real agents: routing, failover, fencing and graceful leave.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, "Cluster")]
public sealed class ClusterEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Finish = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CommandsSubmittedThroughAnyNode_Finish_AndAKilledOwnersEndpointsMove_EachCommandRunsOnce()
    {
        await using var rig = await ClusterRig.StartAsync(output);
        var agents = new List<MachineAgent>();
        for (var i = 0; i < 6; i++)
        {
            var agent = await rig.EnrollAsync($"m{i}", via: i % 3);
            rig.StartAgent(agent, first: (i + 1) % 3);
            agents.Add(agent);
        }

        // Every node accepts every machine's commands, whoever owns it.
        var tags = new List<(string EndpointId, string CommandId, string Tag)>();
        for (var via = 0; via < 3; via++)
            foreach (var agent in agents)
            {
                var tag = $"{agent.Name}-via{via}";
                var submitted = await rig.Apis[via].SubmitAsync(agent.EndpointId, rig.SideEffects.Script(tag), tag);
                tags.Add((agent.EndpointId, submitted.Id, tag));
            }
        foreach (var (_, commandId, tag) in tags)
            Assert.Equal("succeeded", (await rig.Apis[(tags.Count + commandId.Length) % 3].WaitForTerminalAsync(commandId, Finish)).Status);

        // kill -9 the owner of the first machine; queue more work for every machine through the survivors meanwhile.
        var victimId = await rig.OwnerOfAsync(agents[0].EndpointId) ?? throw new InvalidOperationException("no owner");
        var victim = rig.IndexOf(victimId);
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToList();
        var victimsMachines = new List<MachineAgent>();
        foreach (var agent in agents)
            if (await rig.OwnerOfAsync(agent.EndpointId) == victimId)
                victimsMachines.Add(agent);
        await rig.Nodes[victim].KillAsync();
        var killedAt = DateTime.UtcNow;
        var afterKill = new List<(string CommandId, string Tag)>();
        foreach (var agent in agents)
        {
            var tag = $"{agent.Name}-after-kill";
            var submitted = await rig.Apis[survivors[0]].SubmitAsync(agent.EndpointId, rig.SideEffects.Script(tag), tag);
            afterKill.Add((submitted.Id, tag));
        }
        output.WriteLine($"{victimsMachines.Count} machines were owned by {victimId}; all submissions accepted {(DateTime.UtcNow - killedAt).TotalMilliseconds:0} ms after the kill");
        foreach (var (commandId, _) in afterKill)
            Assert.Equal("succeeded", (await rig.Apis[survivors[1]].WaitForTerminalAsync(commandId, Finish)).Status);

        foreach (var agent in victimsMachines)
            Assert.NotEqual(victimId, await rig.OwnerOfAsync(agent.EndpointId, via: survivors[0]));
        rig.SideEffects.AssertEachRanExactlyOnce([.. tags.Select(t => t.Tag), .. afterKill.Select(t => t.Tag)]);
        await rig.WaitBalancedAsync(upNodes: 2, TimeSpan.FromSeconds(20), via: survivors[0]);
    }
}
