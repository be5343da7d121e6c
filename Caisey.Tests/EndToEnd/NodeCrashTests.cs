using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>The node dies (SIGKILL) with commands queued, in flight and being submitted; it restarts on the same data.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class NodeCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NodeKilledWithQueuedAndRunningCommands_AfterRestartEachRunsExactlyOnce_AndNoAcceptedCommandIsLost()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var online = await rig.EnrollAsync("online");
        var offline = await rig.EnrollAsync("offline");
        online.Start();
        await rig.Api.WaitForReachabilityAsync(online.EndpointId, s => s == "reachable", "to become reachable once its agent runs", TimeSpan.FromSeconds(30));

        // Accepted before the crash: sleepers that will be running when the node dies, quick ones, and work for a machine that is away.
        var accepted = new ConcurrentDictionary<string, (string EndpointId, string CommandId)>(StringComparer.Ordinal);
        for (var i = 0; i < 6; i++)
            await AcceptAsync(rig, accepted, online.EndpointId, $"sleeper-{i}", "sleep 2");
        for (var i = 0; i < 6; i++)
            await AcceptAsync(rig, accepted, online.EndpointId, $"quick-{i}", null);
        for (var i = 0; i < 4; i++)
            await AcceptAsync(rig, accepted, offline.EndpointId, $"away-{i}", null);
        await Poll.UntilAsync(() => Enumerable.Range(0, 6).Count(i => rig.SideEffects.CountOf($"sleeper-{i}") == 1) >= 3, TimeSpan.FromSeconds(20),
            "at least 3 sleepers to be running on the machine");

        // Submissions race the kill: whatever got a 202 must survive; the others are re-submitted with the same key.
        using var racing = new CancellationTokenSource();
        var racer = RaceSubmissionsAsync(rig, accepted, online.EndpointId, racing.Token);
        await Poll.UntilAsync(() => accepted.Keys.Count(k => k.StartsWith("race-", StringComparison.Ordinal)) >= 3, TimeSpan.FromSeconds(20), "a few racing submissions to be accepted");
        await rig.Node.KillAsync();
        await racing.CancelAsync();
        var attempted = await racer;
        var ranBeforeRestart = rig.SideEffects.Counts().Count;
        output.WriteLine($"node killed: {accepted.Count} commands accepted, {attempted.Count} racing submissions attempted, {ranBeforeRestart} had run");

        await rig.Node.StartAgainAsync();
        using var api = await NodeApi.LoginAsync(rig.Node);
        foreach (var (_, id) in accepted.Values)
        {
            var found = await api.Http.GetAsync($"/api/v1/commands/{id}");
            Assert.True(found.StatusCode == HttpStatusCode.OK, $"Expected command {id}, accepted with 202 before the crash, to exist after the restart; got {(int)found.StatusCode}");
        }
        // The same idempotency key answers the command accepted before the crash, or queues the one that never was.
        foreach (var tag in attempted)
        {
            var again = await api.SubmitAsync(online.EndpointId, rig.SideEffects.Script(tag), tag);
            if (accepted.TryGetValue(tag, out var before))
                Assert.True(again.Id == before.CommandId, $"Expected re-submitting '{tag}' to answer the command accepted before the crash ({before.CommandId}), got {again.Id}");
            accepted[tag] = (online.EndpointId, again.Id);
        }

        offline.Start();
        var onlineCount = accepted.Values.Count(a => a.EndpointId == online.EndpointId);
        var history = (await api.WaitForAllTerminalAsync(online.EndpointId, onlineCount, TimeSpan.FromSeconds(40)))
            .Concat(await api.WaitForAllTerminalAsync(offline.EndpointId, 4, TimeSpan.FromSeconds(30))).ToList();
        var notSucceeded = history.Where(c => c.Status != "succeeded").ToList();
        Assert.True(notSucceeded.Count == 0, $"Expected every command to succeed (no agent restarted), but: {string.Join(", ", notSucceeded)}");
        Assert.Equal(accepted.Values.Select(a => a.CommandId).Order(), history.Select(c => c.Id).Order());
        rig.SideEffects.AssertEachRanExactlyOnce([.. accepted.Keys]);
    }

    private static async Task AcceptAsync(EndToEndRig rig, ConcurrentDictionary<string, (string, string)> accepted, string endpointId, string tag, string? then)
    {
        var command = await rig.Api.SubmitAsync(endpointId, rig.SideEffects.Script(tag, then), tag);
        accepted[tag] = (endpointId, command.Id);
    }

    /// <summary>Submits quick commands one after another until cancelled; returns every tag it tried (accepted ones are in <paramref name="accepted"/>).</summary>
    private static async Task<List<string>> RaceSubmissionsAsync(EndToEndRig rig, ConcurrentDictionary<string, (string, string)> accepted, string endpointId, CancellationToken stop)
    {
        var attempted = new List<string>();
        for (var i = 0; !stop.IsCancellationRequested && i < 200; i++)
        {
            var tag = $"race-{i}";
            attempted.Add(tag);
            try
            {
                var response = await rig.Api.Http.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands",
                    new { script = rig.SideEffects.Script(tag), timeoutSeconds = 60, idempotencyKey = tag }, stop);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    accepted[tag] = (endpointId, CommandSnapshot.From(await response.Content.ReadFromJsonAsync<JsonElement>(stop)).Id);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // The node died under this request: it may or may not have been accepted. Later ones would only be refused.
                break;
            }
        }
        return attempted;
    }
}
