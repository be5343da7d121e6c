using System.Diagnostics;
using System.Net;
using Caisey.Tests.Support;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>Hundreds of commands through a proxy that drops, resets and delays the agent's connections.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const int CommandCount = 500;
    private const int BatchSize = 50;

    [Fact]
    public async Task FiveHundredCommandsThroughAFaultyLink_EachReachesATerminalState_AndRunsExactlyOnce()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        await using var proxy = new FaultProxy(new IPEndPoint(IPAddress.Loopback, rig.Node.Port), seed: 500);
        var machine = await rig.EnrollAsync();
        machine.Start($"caisey.agent.server-urls=[\"http://127.0.0.1:{proxy.Port}\"]");
        await rig.Api.WaitForReachabilityAsync(machine.EndpointId, s => s == "reachable", "to become reachable through the proxy", TimeSpan.FromSeconds(30));

        proxy.ResetChance = 0.004;
        proxy.DropChance = 0.004;
        proxy.DelayChance = 0.05;
        var clock = Stopwatch.StartNew();
        var tags = Enumerable.Range(0, CommandCount).Select(i => $"chaos-{i:000}").ToList();
        var ids = new List<string>();
        foreach (var batch in tags.Chunk(BatchSize))
            ids.AddRange((await Task.WhenAll(batch.Select(tag => rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script(tag), tag)))).Select(c => c.Id));
        output.WriteLine($"{CommandCount} commands accepted in {clock.ElapsedMilliseconds} ms");

        var history = await rig.Api.WaitForAllTerminalAsync(machine.EndpointId, CommandCount, TimeSpan.FromSeconds(60));
        var (drops, resets, delays) = proxy.FaultCounts;
        output.WriteLine($"all terminal after {clock.ElapsedMilliseconds} ms; proxy: {proxy.Connections} connections, {drops} drops (FIN), {resets} resets (RST), {delays} delayed chunks");
        output.WriteLine("attempts: " + string.Join(", ", history.GroupBy(c => c.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));

        var notSucceeded = history.Where(c => c.Status != "succeeded").ToList();
        Assert.True(notSucceeded.Count == 0, $"Expected all {CommandCount} commands to succeed, but {notSucceeded.Count} did not: {string.Join(", ", notSucceeded.Take(20))}");
        Assert.Equal(ids.Order(), history.Select(c => c.Id).Order());
        rig.SideEffects.AssertEachRanExactlyOnce(tags);
        Assert.True(drops + resets > 0, "Expected the proxy to have injected connection faults; the run proved nothing about them.");
    }
}
