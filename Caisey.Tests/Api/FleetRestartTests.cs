using System.Net.Http.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

public sealed class FleetRestartTests
{
    [Fact]
    public async Task Restart_OnSameDataDir_ListsTheSameEndpointsAndHistory_WithoutWakingEntities()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        // Snapshots every 3 events: the rebuild folds a snapshot plus later events.
        string[] sets = ["caisey.journal.snapshot-every=3"];
        string endpoints;
        var histories = new List<string>();
        var ids = new List<string>();
        await using (var first = await TestNode.StartAsync(dataDir, sets))
        {
            using var admin = await first.LoginAsync();
            ids.Add(await first.EnrollAsync("web-01"));
            ids.Add(await first.EnrollAsync("web-02"));
            await first.Runtime().Endpoints.AskAsync(ids[0], new CheckIn("web-01", "linux", "1.0.0", 100, 2));
            var done = (await admin.SubmitAsync(ids[0], new { script = "uptime", idempotencyKey = "k1" })).GetProperty("id").GetString()!;
            await first.DriveAsync(ids[0], new MarkDispatched(done));
            await first.DriveAsync(ids[0], new CompleteCommand(done, 3, 42));
            var cancelled = (await admin.SubmitAsync(ids[0], new { script = "sleep 1" })).GetProperty("id").GetString()!;
            await admin.PostAsync($"/api/v1/commands/{cancelled}/cancel", null);
            await admin.SubmitAsync(ids[0], new { script = "df -h" });
            await admin.PostAsJsonAsync("/api/v1/batches", new { endpointIds = ids, command = new { script = "hostname" } });
            endpoints = await admin.GetStringAsync("/api/v1/endpoints");
            foreach (var id in ids)
                histories.Add(await admin.GetStringAsync($"/api/v1/endpoints/{id}/commands"));
        }

        await using var second = await TestNode.StartAsync(dataDir, sets);
        using var again = await second.LoginAsync();

        Assert.Equal(endpoints, await again.GetStringAsync("/api/v1/endpoints"));
        for (var i = 0; i < ids.Count; i++)
            Assert.Equal(histories[i], await again.GetStringAsync($"/api/v1/endpoints/{ids[i]}/commands"));
        Assert.Empty(second.Runtime().Endpoints.LiveEntityIds());
        // The rebuilt command index answers by id, and the idempotency key still holds (that one does wake the entity).
        var firstCommand = (await again.GetJsonAsync($"/api/v1/endpoints/{ids[0]}/commands")).EnumerateArray().Last();
        Assert.Equal("succeeded", firstCommand.GetProperty("status").GetString());
        Assert.Equal(3, firstCommand.GetProperty("exitCode").GetInt32());
        var replay = await again.SubmitAsync(ids[0], new { script = "uptime", idempotencyKey = "k1" });
        Assert.Equal(firstCommand.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
    }
}
