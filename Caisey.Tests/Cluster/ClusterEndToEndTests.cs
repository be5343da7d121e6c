using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Api;
using Caisey.Tests.EndToEnd;
using Caisey.Tests.Runtime;
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

        // A technician watching on a node that does not own the machine sees its command and output live.
        var victimId = await rig.OwnerOfAsync(agents[0].EndpointId) ?? throw new InvalidOperationException("no owner");
        var victim = rig.IndexOf(victimId);
        var watcher = (victim + 1) % 3;
        using (var response = await rig.Apis[watcher].Http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead))
        using (var events = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            await events.WaitForCommentAsync("connected").Within("the event stream to open");
            var watched = await rig.Apis[victim].SubmitAsync(agents[0].EndpointId, "echo live-on-another-node", "watched");
            string? output = null;
            var finished = false;
            while (output is null || !finished)
            {
                var (name, data) = await events.NextEventAsync().Within($"live events on {ClusterRig.NodeId(watcher)} for a command owned by {victimId}");
                var json = JsonDocument.Parse(data).RootElement;
                if (name == "command.output" && json.GetProperty("commandId").GetString() == watched.Id)
                    output = json.GetProperty("data").GetString();
                if (name == "command.changed" && json.GetProperty("id").GetString() == watched.Id && json.GetProperty("status").GetString() == "succeeded")
                    finished = true;
            }
            Assert.Contains("live-on-another-node", output, StringComparison.Ordinal);
        }

        // kill -9 the owner of the first machine; queue more work for every machine through the survivors meanwhile.
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

    [Fact]
    public async Task AnOwnerFrozenAndDownedThroughTheOpsCli_IsFenced_NoStaleWriteLands_AndEveryCommandRunsOnce()
    {
        await using var rig = await ClusterRig.StartAsync(output);
        var agents = new List<MachineAgent>();
        for (var i = 0; i < 4; i++)
        {
            var agent = await rig.EnrollAsync($"m{i}", via: 0);
            rig.StartAgent(agent, first: i % 3);
            agents.Add(agent);
        }
        foreach (var agent in agents)
        {
            var warm = await rig.Apis[0].SubmitAsync(agent.EndpointId, rig.SideEffects.Script($"{agent.Name}-warm"), $"{agent.Name}-warm");
            Assert.Equal("succeeded", (await rig.Apis[0].WaitForTerminalAsync(warm.Id, Finish)).Status);
        }
        var victimId = await rig.OwnerOfAsync(agents[0].EndpointId) ?? throw new InvalidOperationException("no owner");
        var victim = rig.IndexOf(victimId);
        var survivor = Enumerable.Range(0, 3).First(i => i != victim);
        var journal = new ClusterJournal(rig.ConnectionString);

        // A command that is still running when the owner freezes: its result reaches the frozen node's socket.
        var slow = await rig.Apis[victim].SubmitAsync(agents[0].EndpointId, rig.SideEffects.Script("m0-slow", then: "sleep 2"), "m0-slow");
        await rig.Apis[victim].WaitForCommandAsync(slow.Id, c => c.Status == "running", "to run", Finish);
        await rig.Nodes[victim].FreezeAsync();
        var frozenAt = DateTime.UtcNow;
        // The operator fences the frozen node now (ops cluster down) instead of waiting for its leases to run out.
        var token = await rig.Nodes[survivor].AdminTokenAsync();
        var down = await Caisey.Tests.Hosting.NodeProcess.RunAsync("ops", "--node", rig.Url(survivor), "--token", token, "cluster", "down", victimId);
        Assert.True(down.ExitCode == 0, down.StdOut + down.StdErr);
        await EndToEnd.Poll.UntilAsync(() => rig.MembersAsync(survivor),
            m => m[victimId].Status == "down" && m[victimId].Shards == 0 && m.Values.Sum(v => v.Shards) == 256, TimeSpan.FromSeconds(20),
            $"{victimId} down and its shards taken over", m => string.Join(", ", m.Select(p => $"{p.Key}:{p.Value.Status}/{p.Value.Shards}")));
        output.WriteLine($"{victimId} frozen and downed; its shards moved after {(DateTime.UtcNow - frozenAt).TotalMilliseconds:0} ms");
        var atFreeze = await journal.HighestAsync(agents[0].EndpointId); // the frozen owner's last write (it can write no more)
        var during = new List<(string Id, string Tag)>();
        foreach (var agent in agents)
        {
            var tag = $"{agent.Name}-during-freeze";
            during.Add(((await rig.Apis[survivor].SubmitAsync(agent.EndpointId, rig.SideEffects.Script(tag), tag)).Id, tag));
        }
        var takenOver = await journal.EpochOfShardAsync(agents[0].EndpointId);
        await Task.Delay(TimeSpan.FromSeconds(1)); // well past the 2 s lease: the frozen node's lease is long gone
        await rig.Nodes[victim].ThawAsync();

        Assert.Equal("succeeded", (await rig.Apis[survivor].WaitForTerminalAsync(slow.Id, Finish)).Status);
        foreach (var (id, _) in during)
            Assert.Equal("succeeded", (await rig.Apis[survivor].WaitForTerminalAsync(id, Finish)).Status);
        rig.SideEffects.AssertEachRanExactlyOnce([.. agents.Select(a => $"{a.Name}-warm"), "m0-slow", .. during.Select(d => d.Tag)]);

        // Fencing: once frozen, nothing more was stored under the old owner's epoch, though it resumed with the
        // command's result (and its own timers) in hand; the new owner wrote everything since, under a higher epoch.
        Assert.True(takenOver > atFreeze.Epoch, $"the shard's epoch moved from {atFreeze.Epoch} to {takenOver}");
        Assert.Empty(await journal.EventsAfterAsync(agents[0].EndpointId, atFreeze.Seq, maxEpoch: atFreeze.Epoch, sinceEpoch: 0));
        Assert.NotEmpty(await journal.EventsAfterAsync(agents[0].EndpointId, atFreeze.Seq, maxEpoch: long.MaxValue, sinceEpoch: takenOver));
        // Once down, the resumed node stays out: it holds nothing and the others share every shard.
        await EndToEnd.Poll.UntilAsync(() => rig.MembersAsync(survivor),
            m => m[victimId].Status == "down" && m[victimId].Shards == 0 && m.Where(p => p.Key != victimId).All(p => p.Value.Status == "up" && p.Value.Shards >= 127),
            TimeSpan.FromSeconds(20), "the two others to share all shards", m => string.Join(", ", m.Select(p => $"{p.Key}:{p.Value.Status}/{p.Value.Shards}")));
    }

    [Fact]
    public async Task GracefulLeaveThroughTheOpsCli_DuringInFlightCommands_LosesNothing()
    {
        await using var rig = await ClusterRig.StartAsync(output);
        var agents = new List<MachineAgent>();
        for (var i = 0; i < 6; i++)
        {
            var agent = await rig.EnrollAsync($"m{i}", via: i % 3);
            rig.StartAgent(agent, first: i % 3);
            agents.Add(agent);
        }
        var token = await rig.Nodes[0].AdminTokenAsync();
        var show = await Caisey.Tests.Hosting.NodeProcess.RunAsync("ops", "--node", rig.Url(2), "--token", token, "cluster", "show");
        Assert.True(show.ExitCode == 0, show.StdErr);
        foreach (var node in new[] { "n1", "n2", "n3" })
            Assert.Contains(node, show.StdOut, StringComparison.Ordinal);

        var commands = new List<(string Id, string Tag)>();
        for (var round = 0; round < 3; round++)
            foreach (var agent in agents)
            {
                var tag = $"{agent.Name}-r{round}";
                commands.Add(((await rig.Apis[round].SubmitAsync(agent.EndpointId, rig.SideEffects.Script(tag, then: "sleep 0.5"), tag)).Id, tag));
            }
        var leave = await Caisey.Tests.Hosting.NodeProcess.RunAsync("ops", "--node", rig.Url(0), "--token", token, "cluster", "leave", "n2");
        Assert.True(leave.ExitCode == 0, leave.StdOut + leave.StdErr);
        for (var round = 3; round < 5; round++)
            foreach (var agent in agents)
            {
                var tag = $"{agent.Name}-r{round}";
                commands.Add(((await rig.Apis[0].SubmitAsync(agent.EndpointId, rig.SideEffects.Script(tag), tag)).Id, tag));
            }

        await EndToEnd.Poll.UntilAsync(() => rig.MembersAsync(0), m => m["n2"].Status == "left" && m["n2"].Shards == 0, TimeSpan.FromSeconds(30),
            "n2 to hand every shard off and leave", m => string.Join(", ", m.Select(p => $"{p.Key}:{p.Value.Status}/{p.Value.Shards}")));
        foreach (var (id, _) in commands)
            Assert.Equal("succeeded", (await rig.Apis[0].WaitForTerminalAsync(id, Finish)).Status);
        rig.SideEffects.AssertEachRanExactlyOnce([.. commands.Select(c => c.Tag)]);
        await rig.WaitBalancedAsync(upNodes: 2, TimeSpan.FromSeconds(20), via: 2);

        // One audit chain for the cluster: every node's records, read and verified through any node.
        var verify = await rig.Apis[2].Http.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        var machine = agents[0].EndpointId;
        var records = await rig.Apis[2].Http.GetFromJsonAsync<JsonElement>($"/api/v1/audit?endpointId={machine}&limit=1000");
        var text = records.ToString();
        foreach (var (id, _) in commands.Where(c => c.Tag.StartsWith("m0-", StringComparison.Ordinal)))
            Assert.Contains(id, text, StringComparison.Ordinal);
    }
}
