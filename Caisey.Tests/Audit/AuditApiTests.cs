using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Audit;

public sealed class AuditApiTests
{
    [Fact]
    public async Task AdministrativeActions_AreAudited_WithTheirActors()
    {
        await using var node = await TestNode.StartAsync();
        var failed = await node.Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        using var admin = await node.LoginAsync();
        var group = await admin.CreateGroupAsync("Acme");
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", group);
        var token = await (await tech.PostAsJsonAsync("/api/v1/enrollment-tokens", new { clientGroupId = group, maxUses = 1, expiresInMinutes = 10 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var enrolled = await node.Http.PostAsJsonAsync("/agent/v1/enroll",
            new { enrollmentToken = token.GetProperty("token").GetString(), hostname = "acme-01", os = "linux", agentVersion = "1.0.0" });
        var endpointId = (await enrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpointId").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await tech.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var records = (await admin.AuditAsync()).Select(r => (r.GetProperty("actor").GetString(), r.Action(), r.GetProperty("target").GetString())).ToList();

        Assert.Equal(
        [
            ("admin", "auth.login-failed", "users/admin"),
            ("admin", "auth.login", "users/admin"),
            ("admin", "client-group.created", $"client-groups/{group}"),
            ("admin", "user.created", "users/tina"),
            ("tina", "auth.login", "users/tina"),
            ("tina", "enrollment-token.issued", $"client-groups/{group}/enrollment-tokens"),
            ($"agent:{endpointId}", "endpoint.enrolled", $"endpoints/{endpointId}"),
            ("tina", "auth.logout", "users/tina"),
        ], records);
        Assert.DoesNotContain(token.GetProperty("token").GetString()!, await admin.GetStringAsync("/api/v1/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Technicians_AndViewers_ReadOnlyTheirGroupsRecords_AndTheirOwnActions()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupA = await admin.CreateGroupAsync("Acme");
        var groupB = await admin.CreateGroupAsync("Globex");
        var mine = await node.EnrollAsync("acme-01", groupA);
        var theirs = await node.EnrollAsync("globex-01", groupB);
        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", groupA);
        using var viewer = await node.LoginAsNewUserAsync(admin, "vera", "viewer", groupA);
        var theirCommand = (await admin.SubmitAsync(theirs, new { script = "whoami" })).GetProperty("id").GetString()!;
        await node.DriveAsync(theirs, new MarkDispatched(theirCommand, "websocket"));
        using var named = await node.LoginAsNewUserAsync(admin, "node", "technician", groupA); // named like the system actor
        var myCommand = (await tech.SubmitAsync(mine, new { script = "uptime" })).GetProperty("id").GetString()!;

        var techRecords = await tech.AuditAsync();
        var viewerRecords = await viewer.AuditAsync();
        var namedRecords = await named.AuditAsync();

        Assert.DoesNotContain(techRecords.Concat(viewerRecords).Concat(namedRecords), r => r.GetProperty("target").GetString()!.Contains(theirs, StringComparison.Ordinal));
        Assert.DoesNotContain(techRecords, r => r.GetProperty("target").GetString() == $"client-groups/{groupB}");
        Assert.Contains(techRecords, r => r.Action() == "command.submitted" && r.Detail().GetProperty("commandId").GetString() == myCommand);
        Assert.Contains(viewerRecords, r => r.Action() == "command.submitted" && r.Detail().GetProperty("commandId").GetString() == myCommand);
        Assert.Contains(techRecords, r => r.Action() == "auth.login" && r.GetProperty("actor").GetString() == "tina");
        Assert.DoesNotContain(viewerRecords, r => r.Action() == "auth.login" && r.GetProperty("actor").GetString() == "tina");
        await (await tech.GetAsync($"/api/v1/audit?endpointId={theirs}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await tech.GetAsync("/api/v1/audit/verify")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await admin.AuditAsync($"?endpointId={theirs}"), r => r.Action() == "command.submitted");
    }

    [Fact]
    public async Task Records_HaveTheContractFields_AndFilterByTime()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        await admin.SubmitAsync(endpointId, new { script = "uptime" });

        var all = await admin.AuditAsync();
        var later = await admin.AuditAsync($"?from={Uri.EscapeDataString(before.ToString("O"))}");
        var none = await admin.AuditAsync($"?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddYears(-1).ToString("O"))}");

        Assert.All(all, r => Assert.Equal(["seq", "at", "actor", "action", "target", "detail", "hash", "prevHash"], r.PropertyNames()));
        Assert.Equal(["command.submitted"], later.Select(r => r.Action()));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Verify_OnTheNodesAuditDb_FindsAnEditMadeBehindItsBack()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        for (var i = 0; i < 5; i++)
            await admin.SubmitAsync(endpointId, new { script = $"echo {i}" });
        await admin.AuditWhenAsync("command.submitted", 5);
        var ok = await admin.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.ToString());
        var victim = (await admin.AuditAsync()).First(r => r.Action() == "command.submitted").GetProperty("seq").GetInt64();

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(node.DataDir, "audit.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE audit SET actor = 'someone-else' WHERE seq = {victim}";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var broken = await admin.GetJsonAsync("/api/v1/audit/verify");
        Assert.False(broken.GetProperty("ok").GetBoolean());
        Assert.Equal(victim, broken.GetProperty("firstBadSeq").GetInt64());
        Assert.Equal(ok.GetProperty("records").GetInt64(), broken.GetProperty("records").GetInt64());
    }
}
