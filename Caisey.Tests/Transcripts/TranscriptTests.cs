using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Transcripts;

public sealed class TranscriptTests
{
    private const string Secret = "hunter2-password";
    private const string PrivateLine = "ssh-key: AAAAB3NzaC1yc2E-private";

    [Fact]
    public async Task Share_LeavesOutRedactedLinesAndPatterns_InHtmlAndJson_WhileRawOutputKeepsThem()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, commandId) = await FinishedCommandAsync(node, tech, $"line one\n{PrivateLine}\ntoken={Secret} ok\nlast line\n", $"echo {Secret}");

        var draft = await CreateAsync(tech, endpointId, new object[] { new { commandId, line = 1 }, new { pattern = Secret } });
        var share = await PublishAsync(tech, draft.GetProperty("id").GetString()!);
        using var anonymous = new HttpClient();
        var html = await anonymous.GetStringAsync(share);
        var json = await GetShareJsonAsync(anonymous, share);

        var output = draft.GetProperty("commands")[0].GetProperty("output").GetString();
        Assert.Equal("line one\n[redacted]\ntoken=[redacted] ok\nlast line\n", output);
        foreach (var page in new[] { html, json, draft.GetProperty("commands").ToString() })
        {
            Assert.DoesNotContain(Secret, page, StringComparison.Ordinal);
            Assert.DoesNotContain("AAAAB3NzaC1yc2E", page, StringComparison.Ordinal);
            Assert.Contains("last line", page, StringComparison.Ordinal);
        }
        Assert.Contains("echo [redacted]", html, StringComparison.Ordinal);
        var raw = await tech.GetStringAsync($"/api/v1/commands/{commandId}/output");
        Assert.Contains(PrivateLine, raw, StringComparison.Ordinal);
        Assert.Contains(Secret, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_WorksLoggedOut_ShowsReachabilityContext_AndIsNeitherCachedNorIndexed()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, _) = await FinishedCommandAsync(node, tech, "Filesystem 42%\n", "df -h");
        var draft = await CreateAsync(tech, endpointId, []);
        var command = draft.GetProperty("commands")[0];
        Assert.Contains(command.GetProperty("reachabilityAtSubmit").GetProperty("state").GetString(), Audit.AuditApiExtensions.ReachabilityStates);
        Assert.Equal("websocket", command.GetProperty("attempts")[0].GetProperty("transport").GetString());

        var share = await PublishAsync(tech, draft.GetProperty("id").GetString()!);
        using var anonymous = new HttpClient();
        using var page = await anonymous.GetAsync(share);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains("noindex", string.Join(",", page.Headers.GetValues("X-Robots-Tag")), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Filesystem 42%", html, StringComparison.Ordinal);
        Assert.Contains("web-01", html, StringComparison.Ordinal);
        Assert.Contains("websocket", html, StringComparison.Ordinal);
        Assert.Contains("succeeded", html, StringComparison.Ordinal);
        var json = JsonDocument.Parse(await GetShareJsonAsync(anonymous, share)).RootElement;
        var shared = json.GetProperty("commands")[0];
        Assert.Equal("df -h", shared.GetProperty("script").GetString());
        Assert.NotNull(shared.GetProperty("reachabilityAtDispatch").GetProperty("state").GetString());
        Assert.False(json.TryGetProperty("redactions", out _), "A share must not carry the redactions: a pattern is the secret it hides.");
    }

    [Fact]
    public async Task Share_IsAFrozenCopy_AndEscapesMarkup()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, commandId) = await FinishedCommandAsync(node, tech, "<script>alert(1)</script>\n", "echo '<b>hi</b>'");
        var draft = await CreateAsync(tech, endpointId, []);
        var share = await PublishAsync(tech, draft.GetProperty("id").GetString()!);

        await node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(commandId, 1, "stdout", "written after publish\n"));
        using var anonymous = new HttpClient();
        var html = await anonymous.GetStringAsync(share);

        Assert.DoesNotContain("written after publish", html, StringComparison.Ordinal);
        Assert.DoesNotContain("written after publish", await GetShareJsonAsync(anonymous, share), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>hi</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("written after publish", (await tech.GetJsonAsync($"/api/v1/transcripts/{draft.GetProperty("id").GetString()}")).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AndDeleteShare_AndRepublish_TakeTheOldLinkDown()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, _) = await FinishedCommandAsync(node, tech, "ok\n", "true");
        var id = (await CreateAsync(tech, endpointId, [])).GetProperty("id").GetString()!;
        using var anonymous = new HttpClient();

        var first = await PublishAsync(tech, id);
        var second = await PublishAsync(tech, id);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tech.PostAsync($"/api/v1/transcripts/{id}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        var third = await PublishAsync(tech, id);
        Assert.Equal(HttpStatusCode.NoContent, (await tech.DeleteAsync($"/api/v1/transcripts/{id}/share")).StatusCode);
        var gone = await anonymous.GetAsync(third);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("no-store", gone.Headers.CacheControl?.ToString());
        var audit = (await tech.GetJsonAsync($"/api/v1/audit?endpointId={endpointId}")).EnumerateArray().Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Equal(3, audit.Count(a => a == "transcript.published"));
        Assert.Equal(2, audit.Count(a => a == "transcript.revoked"));
    }

    [Fact]
    public async Task Expired_Share_IsGone()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, _) = await FinishedCommandAsync(node, tech, "ok\n", "true");
        var id = (await CreateAsync(tech, endpointId, [])).GetProperty("id").GetString()!;
        var share = await PublishAsync(tech, id, DateTimeOffset.UtcNow.AddSeconds(1));
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(share)).StatusCode);

        await WaitForStatusAsync(anonymous, share, HttpStatusCode.NotFound).Within("the share to be gone once its expiresAt passed");

        var past = await tech.PostAsJsonAsync($"/api/v1/transcripts/{id}/publish", new { expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await past.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ShareTokens_AreLongRandomAndStoredOnlyHashed()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, _) = await FinishedCommandAsync(node, tech, "ok\n", "true");
        var id = (await CreateAsync(tech, endpointId, [])).GetProperty("id").GetString()!;

        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
            tokens.Add(new Uri(await PublishAsync(tech, id)).Segments[^1]);

        Assert.Equal(5, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^cts_[A-Za-z0-9_-]{43}$", t)); // 256 random bits, base64url
        var db = await File.ReadAllBytesAsync(Path.Combine(node.DataDir, "transcripts.db"));
        var wal = Path.Combine(node.DataDir, "transcripts.db-wal");
        var stored = System.Text.Encoding.Latin1.GetString(db) + (File.Exists(wal) ? System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(wal)) : "");
        Assert.All(tokens, t => Assert.DoesNotContain(t[4..], stored, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TechnicianOfAnotherGroup_GetsNotFound_AndViewersCannotCreateOrPublish()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var groupA = await admin.CreateGroupAsync("Acme");
        var groupB = await admin.CreateGroupAsync("Globex");
        var endpointA = await node.EnrollAsync("acme-01", groupA);
        using var techA = await node.LoginAsNewUserAsync(admin, "tina", "technician", groupA);
        using var techB = await node.LoginAsNewUserAsync(admin, "bob", "technician", groupB);
        using var viewerA = await node.LoginAsNewUserAsync(admin, "vera", "viewer", groupA);
        var id = (await CreateAsync(techA, endpointA, [])).GetProperty("id").GetString()!;

        await (await techB.PostAsJsonAsync("/api/v1/transcripts", new { endpointId = endpointA })).ProblemAsync(HttpStatusCode.NotFound);
        await (await techB.GetAsync($"/api/v1/transcripts/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await techB.PostAsJsonAsync($"/api/v1/transcripts/{id}/publish", new { expiresAt = DateTimeOffset.UtcNow.AddDays(1) })).ProblemAsync(HttpStatusCode.NotFound);
        await (await viewerA.PostAsJsonAsync("/api/v1/transcripts", new { endpointId = endpointA })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await viewerA.PostAsJsonAsync($"/api/v1/transcripts/{id}/publish", new { expiresAt = DateTimeOffset.UtcNow.AddDays(1) })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(id, (await viewerA.GetJsonAsync($"/api/v1/transcripts/{id}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Redactions_AreReviewed_WithPutAndPatch_AndValidated()
    {
        await using var node = await TestNode.StartAsync();
        using var tech = await TechnicianAsync(node);
        var (endpointId, commandId) = await FinishedCommandAsync(node, tech, "a\nb\nc\n", "true");
        var other = await node.EnrollAsync("web-02");
        var otherCommand = (await tech.SubmitAsync(other, new { script = "x" })).GetProperty("id").GetString()!;
        var id = (await CreateAsync(tech, endpointId, [])).GetProperty("id").GetString()!;

        var put = await (await tech.PutAsJsonAsync($"/api/v1/transcripts/{id}", new { redactions = new object[] { new { commandId, line = 0 } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var patch = await (await tech.PatchAsJsonAsync($"/api/v1/transcripts/{id}", new { redactions = new object[] { new { commandId, line = 2 } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var invalid = await tech.PutAsJsonAsync($"/api/v1/transcripts/{id}",
            new { redactions = new object[] { new { commandId = otherCommand, line = 0 }, new { pattern = "" }, new { commandId, line = -1 } } });

        Assert.Equal("[redacted]\nb\nc\n", put.GetProperty("commands")[0].GetProperty("output").GetString());
        Assert.Equal("a\nb\n[redacted]\n", patch.GetProperty("commands")[0].GetProperty("output").GetString());
        var problem = await invalid.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("errors").GetProperty("redactions").GetArrayLength());
    }

    internal static async Task<HttpClient> TechnicianAsync(TestNode node)
    {
        using var admin = await node.LoginAsync();
        return await node.LoginAsNewUserAsync(admin, "tina", "technician", "default");
    }

    /// <summary>Enrolls web-01 and runs <paramref name="script"/> through dispatch (websocket), running, output and success.</summary>
    internal static async Task<(string EndpointId, string CommandId)> FinishedCommandAsync(TestNode node, HttpClient tech, string output, string script)
    {
        var endpointId = await node.EnrollAsync("web-01");
        var commandId = (await tech.SubmitAsync(endpointId, new { script })).GetProperty("id").GetString()!;
        await node.DriveAsync(endpointId, new MarkDispatched(commandId, "websocket"));
        await node.DriveAsync(endpointId, new MarkRunning(commandId));
        await node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(commandId, 0, "stdout", output));
        await node.DriveAsync(endpointId, new CompleteCommand(commandId, 0, output.Length));
        return (endpointId, commandId);
    }

    internal static async Task<JsonElement> CreateAsync(HttpClient tech, string endpointId, object[] redactions)
    {
        var response = await tech.PostAsJsonAsync("/api/v1/transcripts", new { endpointId, redactions });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task<string> PublishAsync(HttpClient tech, string id, DateTimeOffset? expiresAt = null)
    {
        var response = await tech.PostAsJsonAsync($"/api/v1/transcripts/{id}/publish", new { expiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddDays(1) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shareUrl").GetString()!;
    }

    private static async Task<string> GetShareJsonAsync(HttpClient client, string share)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, share);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task WaitForStatusAsync(HttpClient client, string url, HttpStatusCode status)
    {
        while ((await client.GetAsync(url)).StatusCode != status)
            await Task.Delay(100);
    }
}
