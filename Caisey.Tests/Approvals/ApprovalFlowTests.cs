using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Agent.Bridge;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Approvals;

/// <summary>Consent end to end: a real node, a real agent process, and the machine user's answer through the agent CLI.</summary>
public sealed class ApprovalFlowTests
{
    [Fact]
    public async Task RequireConsent_CommandWaitsAwaitingApproval_ThenRunsOnceTheUserApprovesOnTheMachine()
    {
        await using var node = await TestNode.StartAsync();
        using var api = await node.LoginAsync();
        var dataDir = Directory.CreateTempSubdirectory("caisey-agent-").FullName;
        var endpointId = await EnrollAsync(node, api, dataDir);
        using var agent = AgentProcess.Start("run", "--data-dir", dataDir, "--set", "caisey.agent.reconnect.min=50ms");
        await WaitForAsync(api, $"/api/v1/endpoints/{endpointId}", e => e.GetProperty("reachability").GetProperty("state").GetString() == "reachable", "the agent to be reachable", agent);

        var policy = await api.PutAsJsonAsync("/api/v1/client-groups/default/approval-policy", new { policy = "require-consent" });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        var marker = Path.Combine(dataDir, "ran.txt");
        var command = await SubmitAsync(api, endpointId, $"echo consented >> '{marker}'");

        var waiting = await WaitForAsync(api, $"/api/v1/endpoints/{endpointId}", e => e.GetProperty("session").GetProperty("state").GetString() == "awaiting-approval", "the session to await approval", agent);
        Assert.Equal("pending", waiting.GetProperty("readiness").GetProperty("approval").GetProperty("state").GetString());
        Assert.Equal("queued", (await GetAsync(api, $"/api/v1/commands/{command}")).GetProperty("status").GetString());
        await WaitForFileAsync(Path.Combine(dataDir, "approval.json"), "the agent to store the consent request", agent);
        var (statusExit, status) = await AgentProcess.RunAsync("status", "--data-dir", dataDir);
        Assert.True(statusExit == 0, status);
        Assert.Contains("approval: PENDING", status);

        var (approveExit, approved) = await AgentProcess.RunAsync("approve", "--data-dir", dataDir);
        Assert.True(approveExit == 0, approved);
        var done = await WaitForAsync(api, $"/api/v1/commands/{command}", c => c.GetProperty("status").GetString() == "succeeded", "the approved command to succeed", agent);
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Equal(["consented"], await File.ReadAllLinesAsync(marker));
        var after = await GetAsync(api, $"/api/v1/endpoints/{endpointId}");
        Assert.Equal("none", after.GetProperty("session").GetProperty("state").GetString());
        Assert.Equal("granted", after.GetProperty("readiness").GetProperty("approval").GetProperty("state").GetString());
    }

    [Fact]
    public async Task RequireConsent_UserDenies_CommandFailsApprovalDenied_AndNeverRuns()
    {
        await using var node = await TestNode.StartAsync();
        using var api = await node.LoginAsync();
        var dataDir = Directory.CreateTempSubdirectory("caisey-agent-").FullName;
        var endpointId = await EnrollAsync(node, api, dataDir);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/endpoints/{endpointId}/approval-policy", new { policy = "require-consent" })).StatusCode);
        var marker = Path.Combine(dataDir, "ran.txt");
        var command = await SubmitAsync(api, endpointId, $"echo ran >> '{marker}'"); // queued while the agent is offline

        using var agent = AgentProcess.Start("run", "--data-dir", dataDir, "--set", "caisey.agent.reconnect.min=50ms");
        await WaitForFileAsync(Path.Combine(dataDir, "approval.json"), "the agent to receive the consent request on connecting", agent);
        var (denyExit, denied) = await AgentProcess.RunAsync("deny", "--data-dir", dataDir);
        Assert.True(denyExit == 0, denied);

        var failed = await WaitForAsync(api, $"/api/v1/commands/{command}", c => c.GetProperty("status").GetString() == "failed", "the denied command to fail", agent);
        Assert.Equal("approval-denied", failed.GetProperty("failureReason").GetString());
        Assert.Equal(0, failed.GetProperty("attempts").GetInt32());
        Assert.False(File.Exists(marker));
        var (againExit, again) = await AgentProcess.RunAsync("approve", "--data-dir", dataDir);
        Assert.Equal(1, againExit);
        Assert.Contains("already answered", again);
    }

    [Fact]
    public async Task Notify_CommandRunsWithoutWaiting_AndTheMachineUserGetsANotice()
    {
        await using var node = await TestNode.StartAsync();
        using var api = await node.LoginAsync();
        var dataDir = Directory.CreateTempSubdirectory("caisey-agent-").FullName;
        var endpointId = await EnrollAsync(node, api, dataDir);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/endpoints/{endpointId}/approval-policy", new { policy = "notify" })).StatusCode);
        using var agent = AgentProcess.Start("run", "--data-dir", dataDir, "--set", "caisey.agent.reconnect.min=50ms");
        var command = await SubmitAsync(api, endpointId, "echo noticed");

        await WaitForAsync(api, $"/api/v1/commands/{command}", c => c.GetProperty("status").GetString() == "succeeded", "the command to run without consent", agent);
        var notices = await File.ReadAllTextAsync(Path.Combine(dataDir, "notices.log"));
        Assert.Contains($"admin is running a command on this machine (command {command})", notices);
        Assert.Equal("none", (await GetAsync(api, $"/api/v1/endpoints/{endpointId}")).GetProperty("session").GetProperty("state").GetString());
        var (statusExit, status) = await AgentProcess.RunAsync("status", "--data-dir", dataDir);
        Assert.True(statusExit == 0, status);
        Assert.Contains($"last notice: ", status);
        Assert.Contains(command, status);
    }

    [Fact]
    public async Task ApprovalPolicy_BadValueOrNonAdmin_IsRefused()
    {
        await using var node = await TestNode.StartAsync();
        using var api = await node.LoginAsync();
        var bad = await api.PutAsJsonAsync("/api/v1/client-groups/default/approval-policy", new { policy = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/client-groups/nope/approval-policy", new { policy = "none" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/users", new { username = "tech", password = "tech-password-1", role = "technician", clientGroupIds = new[] { "default" } })).StatusCode);
        using var tech = await node.LoginAsync("tech", "tech-password-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await tech.PutAsJsonAsync("/api/v1/client-groups/default/approval-policy", new { policy = "none" })).StatusCode);
    }

    private static async Task<string> EnrollAsync(TestNode node, HttpClient api, string dataDir)
    {
        var token = await api.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses = 1, expiresInMinutes = 5 });
        token.EnsureSuccessStatusCode();
        var tokenValue = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var (exit, output) = await AgentProcess.RunAsync("enroll", "--server", node.BaseAddress.ToString().TrimEnd('/'), "--token", tokenValue, "--data-dir", dataDir);
        Assert.True(exit == 0, output);
        var credential = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDir, "credential.json"))).RootElement;
        return credential.GetProperty("endpointId").GetString()!;
    }

    private static async Task<string> SubmitAsync(HttpClient api, string endpointId, string script)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands", new { script });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string path) =>
        await api.GetFromJsonAsync<JsonElement>(path);

    private static async Task<JsonElement> WaitForAsync(HttpClient api, string path, Func<JsonElement, bool> done, string expectation, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(api, path);
            if (done(last))
                return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Expected {expectation} within 30 s; last {path}: {last}\nagent:\n{agent.Output}");
    }

    private static async Task WaitForFileAsync(string path, string expectation, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {expectation} ({path}) within 30 s.\nagent:\n{agent.Output}");
            await Task.Delay(50);
        }
    }
}
