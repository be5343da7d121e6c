using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Agent;
using Caisey.Tests.Agent.Bridge;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Microsoft.Playwright;

namespace Caisey.Tests.Console;

/// <summary>
/// One node, two real agent processes (enrolled with a token, bridges kept open), a viewer account, a few machines that
/// enrolled but never connected (in two client groups), and one shared Chromium for the whole test class.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ViewerName = "vera";

    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _dirs = [];
    private readonly Dictionary<string, string> _signIns = [];
    private IPlaywright? _playwright;

    public TestNode Node { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The endpoint ids of the two real agents.</summary>
    public IReadOnlyList<string> AgentEndpoints { get; private set; } = [];

    /// <summary>The data directories of the two real agents (same order as <see cref="AgentEndpoints"/>), for the agent CLI.</summary>
    public IReadOnlyList<string> AgentDataDirs { get; private set; } = [];

    /// <summary>An endpoint that enrolled but never opened a bridge.</summary>
    public string NeverConnected { get; private set; } = "";

    public string Url(string path) => new Uri(Node.BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        (_playwright, Browser) = await ConsoleBrowser.LaunchAsync();
        Node = await TestNode.StartAsync(null, "caisey.bridge.idle-timeout=1h");
        Admin = await Node.LoginAsync();
        var created = await Admin.PostAsJsonAsync("/api/v1/users",
            new { username = ViewerName, password = ApiFleet.UserPassword, role = "viewer", clientGroupIds = new[] { "default" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var tokenResponse = await Admin.PostAsJsonAsync("/api/v1/enrollment-tokens", new { clientGroupId = "default", maxUses = 2, expiresInMinutes = 10 });
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add(await StartAgentAsync(token));
        AgentEndpoints = ids;
        AgentDataDirs = [.. _dirs];

        await SeedNeverConnectedAsync();
        await Task.WhenAll(ids.Select(id => WaitForAsync(id, e => e.GetProperty("reachability").GetProperty("state").GetString() == "reachable"
            && e.GetProperty("reachability").GetProperty("lastRttMs").ValueKind == JsonValueKind.Number, "reachable with a round trip")));
    }

    /// <summary>A context of its own (cookies, storage) and a page, signed in as <paramref name="username"/> through the API.</summary>
    /// <remarks>Each user signs in once per fixture and later contexts start from that sign-in's cookie: the node allows
    /// 10 logins a minute per address, and the whole class runs well within a minute.</remarks>
    public async Task<IPage> SignedInPageAsync(string username = "admin", string? password = null)
    {
        if (_signIns.TryGetValue(username, out var state))
            return await NewPageAsync(state);
        var page = await NewPageAsync();
        var response = await page.Context.APIRequest.PostAsync(Url("/api/v1/auth/login"), new APIRequestContextOptions
        {
            DataObject = new { username, password = password ?? (username == "admin" ? TestNode.AdminPassword : ApiFleet.UserPassword) },
        });
        Assert.True(response.Ok, $"Login as {username} failed: {response.Status} {await response.TextAsync()}");
        _signIns[username] = await page.Context.StorageStateAsync();
        return page;
    }

    public async Task<IPage> NewPageAsync(string? storageState = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Polls the API until the endpoint matches; fails saying what was expected.</summary>
    public async Task<JsonElement> WaitForAsync(string endpointId, Func<JsonElement, bool> condition, string expectation)
    {
        async Task<JsonElement> PollAsync()
        {
            while (true)
            {
                var endpoint = await Admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}");
                if (condition(endpoint))
                    return endpoint;
                await Task.Delay(200);
            }
        }
        return await PollAsync().Within($"endpoint {endpointId} to be {expectation}", TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
            agent.Dispose();
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        Admin?.Dispose();
        if (Node is not null)
            await Node.DisposeAsync();
        foreach (var dir in _dirs)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private async Task<string> StartAgentAsync(string token)
    {
        var dir = Directory.CreateTempSubdirectory("caisey-console-agent-").FullName;
        _dirs.Add(dir);
        var (exitCode, output) = await AgentProcess.RunAsync("enroll", "--server", Node.BaseAddress.ToString(), "--token", token, "--data-dir", dir);
        Assert.True(exitCode == 0, $"enroll exited {exitCode}: {output}");
        var id = (await Admin.GetJsonAsync("/api/v1/endpoints")).EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()!)
            .Single(candidate => output.Contains(candidate, StringComparison.Ordinal));
        _agents.Add(AgentProcess.Start("run", "--data-dir", dir,
            "--set", "caisey.agent.bridge-idle-timeout=1h", "--set", "caisey.agent.reconnect.min=100ms"));
        return id;
    }

    /// <summary>Machines that enrolled and checked in once but never opened a bridge: the fleet must not call them reachable.</summary>
    private async Task SeedNeverConnectedAsync()
    {
        var contoso = await Admin.CreateGroupAsync("Contoso Dental");
        NeverConnected = await Node.EnrollAsync("contoso-fs01", contoso);
        await Node.Runtime().Endpoints.AskAsync(NeverConnected, new CheckIn("contoso-fs01", "Windows Server 2022", "0.9.2", 12 * 86400, 3));
        await Node.EnrollAsync("contoso-reception", contoso);
        var laptop = await Node.EnrollAsync("acme-laptop-07");
        await Node.Runtime().Endpoints.AskAsync(laptop, new CheckIn("acme-laptop-07", "Ubuntu 24.04 LTS", "0.9.2", 3 * 3600, 0));
    }
}
