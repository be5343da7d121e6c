using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Audit;

public sealed class CommandAuditTests
{
    [Fact]
    public async Task Lifecycle_AuditsEveryTransitionInOrder_WithActorsAndReachability()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var commandId = (await admin.SubmitAsync(endpointId, new { script = "uptime" })).GetProperty("id").GetString()!;
        await node.DriveAsync(endpointId, new MarkDispatched(commandId, "websocket"));
        await node.DriveAsync(endpointId, new MarkDispatched(commandId, "long-poll"));
        await node.DriveAsync(endpointId, new AcknowledgeCommand(commandId));
        await node.DriveAsync(endpointId, new MarkRunning(commandId));
        await node.DriveAsync(endpointId, new CompleteCommand(commandId, 3, 42));

        var records = await admin.CommandAuditAsync(endpointId, commandId);

        Assert.Equal(["command.submitted", "command.dispatched", "command.dispatched", "command.acknowledged", "command.running", "command.succeeded"],
            records.Select(r => r.Action()));
        Assert.Equal(["admin", "node", "node", $"agent:{endpointId}", $"agent:{endpointId}", $"agent:{endpointId}"],
            records.Select(r => r.GetProperty("actor").GetString()));
        Assert.Equal([0, 1, 2, 3, 4, 5], records.Select(r => r.Detail().GetProperty("step").GetInt32()));
        Assert.All(records, r => Assert.Contains(r.Detail().GetProperty("reachability").GetProperty("state").GetString(), AuditApiExtensions.ReachabilityStates));
        Assert.Equal("uptime", records[0].Detail().GetProperty("script").GetString());
        Assert.Equal((2, "long-poll"), (records[2].Detail().GetProperty("attempt").GetInt32(), records[2].Detail().GetProperty("transport").GetString()));
        Assert.Equal(3, records[5].Detail().GetProperty("exitCode").GetInt32());
        var seqs = records.Select(r => r.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
    }

    [Fact]
    public async Task CommandQueuedAndDispatchedInOneStep_IsAuditedWithoutReadingTheLog()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var audit = node.App.Services.GetRequiredService<Caisey.Node.Audit.AuditLog>();
        var lookups = audit.StepLookups;

        // As the API queues a command for an endpoint whose bridge is open: queued and dispatched in one append.
        var view = await node.DriveAsync(endpointId, new QueueCommand("cmd-both", "uptime", "admin", DispatchOn: "websocket"));
        await node.DriveAsync(endpointId, new AcknowledgeCommand("cmd-both"));
        await node.DriveAsync(endpointId, new MarkRunning("cmd-both"));
        await node.DriveAsync(endpointId, new CompleteCommand("cmd-both", 0, 0));

        Assert.Equal(CommandStatus.Dispatched, view.Status);
        var records = await admin.CommandAuditAsync(endpointId, "cmd-both");
        Assert.Equal(["command.submitted", "command.dispatched", "command.acknowledged", "command.running", "command.succeeded"],
            records.Select(r => r.Action()).Distinct());
        Assert.Equal([0, 1], records.Take(2).Select(r => r.Detail().GetProperty("step").GetInt32()));
        // The first step created the command, the later ones found it in the sink's cache: the log was never read.
        Assert.Equal(lookups, audit.StepLookups);
    }

    [Fact]
    public async Task Failure_Cancel_AndExpiry_AreAuditedWithTheirReasons()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", "default");
        var failed = (await tech.SubmitAsync(endpointId, new { script = "sleep 999" })).GetProperty("id").GetString()!;
        await node.DriveAsync(endpointId, new MarkDispatched(failed, "websocket"));
        await node.DriveAsync(endpointId, new FailCommand(failed, FailureReason.TimedOut, "ran past 30 s", null, 0));
        var cancelled = (await tech.SubmitAsync(endpointId, new { script = "reboot" })).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await tech.PostAsync($"/api/v1/commands/{cancelled}/cancel", null)).StatusCode);
        var expiring = (await tech.SubmitAsync(endpointId, new { script = "late", expiresAt = DateTimeOffset.UtcNow.AddSeconds(1) })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(admin, expiring, "expired").Within("the command to expire a second after its expiresAt");

        var failure = (await admin.CommandAuditAsync(endpointId, failed)).Last();
        Assert.Equal(("command.failed", "timed-out"), (failure.Action(), failure.Detail().GetProperty("failureReason").GetString()));
        var cancel = await admin.CommandAuditAsync(endpointId, cancelled);
        Assert.Equal(["command.submitted", "command.cancelled", "command.cancel-requested"], cancel.Select(r => r.Action()));
        Assert.Equal(["tina", "node", "tina"], cancel.Select(r => r.GetProperty("actor").GetString()));
        Assert.Contains("cancelled by tina", cancel[1].Detail().GetProperty("note").GetString(), StringComparison.Ordinal);
        var expiry = await admin.CommandAuditAsync(endpointId, expiring);
        Assert.Equal(["command.submitted", "command.expired"], expiry.Select(r => r.Action()));
        Assert.Equal("expired", expiry[1].Detail().GetProperty("failureReason").GetString());
    }

    [Fact]
    public async Task Restart_AuditsNoTransitionTwice_AndLaterTransitionsContinueTheChain()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        string endpointId, done, inFlight;
        await using (var first = await TestNode.StartAsync(dataDir))
        {
            using var admin = await first.LoginAsync();
            endpointId = await first.EnrollAsync("web-01");
            done = (await admin.SubmitAsync(endpointId, new { script = "uptime" })).GetProperty("id").GetString()!;
            await first.DriveAsync(endpointId, new MarkDispatched(done, "websocket"));
            await first.DriveAsync(endpointId, new CompleteCommand(done, 0, 1));
            inFlight = (await admin.SubmitAsync(endpointId, new { script = "df -h" })).GetProperty("id").GetString()!;
            await first.DriveAsync(endpointId, new MarkDispatched(inFlight, "websocket"));
        }

        await using var second = await TestNode.StartAsync(dataDir);
        using var again = await second.LoginAsync();
        // The in-flight command moves on: its view (whole timeline) is diffed against the audit db, not memory.
        await second.DriveAsync(endpointId, new MarkRunning(inFlight));
        await second.DriveAsync(endpointId, new CompleteCommand(inFlight, 0, 5));

        var records = (await again.AuditAsync($"?endpointId={endpointId}")).Where(r => r.Action().StartsWith("command.", StringComparison.Ordinal)).ToList();
        var steps = records.Select(r => (r.GetProperty("target").GetString(), r.Detail().GetProperty("step").GetInt32())).ToList();
        Assert.Equal(steps.Distinct().Count(), steps.Count);
        Assert.Equal(["command.submitted", "command.dispatched", "command.acknowledged", "command.running", "command.succeeded"],
            records.Where(r => r.GetProperty("target").GetString()!.EndsWith(inFlight, StringComparison.Ordinal)).Select(r => r.Action()));
        Assert.Equal(4, records.Count(r => r.GetProperty("target").GetString()!.EndsWith(done, StringComparison.Ordinal)));
        var verify = await again.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task ConcurrentSubmissions_KeepTheChainValid()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpoints = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => node.EnrollAsync($"web-{i}")));

        var submitted = await Task.WhenAll(endpoints.SelectMany(e => Enumerable.Range(0, 10).Select(i => admin.SubmitAsync(e, new { script = $"echo {i}" }))));
        var batch = await admin.PostAsJsonAsync("/api/v1/batches", new { endpointIds = endpoints, command = new { script = "hostname" } });
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);

        var records = await admin.AuditWhenAsync("command.submitted", 44);
        var verify = await admin.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        var audited = records.Where(r => r.Action() == "command.submitted").Select(r => r.Detail().GetProperty("commandId").GetString()).ToHashSet();
        Assert.Superset(submitted.Select(s => s.GetProperty("id").GetString()).ToHashSet(), audited);
        Assert.Equal(44, audited.Count);
        Assert.True(verify.GetProperty("records").GetInt64() >= 44);
    }

    private static async Task WaitForStatusAsync(HttpClient client, string commandId, string status)
    {
        while ((await client.GetJsonAsync($"/api/v1/commands/{commandId}")).GetProperty("status").GetString() != status)
            await Task.Delay(100);
    }
}
