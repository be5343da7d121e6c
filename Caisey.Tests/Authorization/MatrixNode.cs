using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Tenancy;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Caisey.Tests.Transcripts;

namespace Caisey.Tests.Authorization;

/// <summary>
/// One node for the matrix: client groups A and B, an endpoint in each with a finished command (output included),
/// a batch and a published transcript; a token per role (issued straight from the store: no login rate limit).
/// </summary>
public sealed class MatrixNode : IAsyncLifetime
{
    public const string Admin = "admin";
    public const string TechA = "tech-A";
    public const string TechB = "tech-B";
    public const string ViewerA = "viewer-A";
    public const string Anonymous = "anonymous";
    public const string NoTenant = "-";

    public static readonly string[] Roles = [Admin, TechA, TechB, ViewerA, Anonymous];

    public TestNode Node { get; private set; } = null!;

    public HttpClient AdminClient { get; private set; } = null!;

    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Tenant> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>A client without cookies (the login route sets one): each request carries only the token the test gives it.</summary>
    public HttpClient Bare { get; private set; } = null!;

    public sealed record Tenant(string GroupId, string EndpointId, string CommandId, string BatchId, string TranscriptId);

    /// <summary>Whether <paramref name="role"/> sees <paramref name="tenant"/> ("A" or "B").</summary>
    public static bool Sees(string role, string tenant) => role switch
    {
        Admin => true,
        TechA or ViewerA => tenant == "A",
        TechB => tenant == "B",
        _ => false,
    };

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync();
        var groups = Node.App.Services.GetRequiredService<ClientGroupStore>();
        var users = Node.App.Services.GetRequiredService<UserStore>();
        var groupA = groups.Create("Acme")!.Id;
        var groupB = groups.Create("Globex")!.Id;
        users.Create("tina", ApiFleet.UserPassword, Caisey.Node.Auth.Roles.Technician, [groupA]);
        users.Create("bob", ApiFleet.UserPassword, Caisey.Node.Auth.Roles.Technician, [groupB]);
        users.Create("vera", ApiFleet.UserPassword, Caisey.Node.Auth.Roles.Viewer, [groupA]);
        foreach (var (role, user) in new[] { (Admin, "admin"), (TechA, "tina"), (TechB, "bob"), (ViewerA, "vera") })
            Tokens[role] = IssueToken(user);
        AdminClient = Client(Tokens[Admin]);
        Tenants["A"] = await TenantAsync(groupA, "acme-01");
        Tenants["B"] = await TenantAsync(groupB, "globex-01");
        Bare = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        AdminClient.Dispose();
        Bare.Dispose();
        await Node.DisposeAsync();
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string IssueToken(string username) =>
        Node.App.Services.GetRequiredService<ApiTokenStore>().Issue(username, TimeSpan.FromHours(1)).Token;

    public string UserOf(string role) => role switch { Admin => "admin", TechA => "tina", TechB => "bob", _ => "vera" };

    /// <summary>A queued command of the tenant's endpoint (for routes that change it).</summary>
    public async Task<string> QueuedCommandAsync(string tenant) =>
        (await AdminClient.SubmitAsync(Tenants[tenant].EndpointId, new { script = "sleep 1" })).GetProperty("id").GetString()!;

    /// <summary>A fresh share link of tenant A's transcript (publishing replaces the previous link, and other rows revoke it).</summary>
    public Task<string> ShareUrlAsync() => TranscriptTests.PublishAsync(AdminClient, Tenants["A"].TranscriptId);

    public async Task<string> EnrollmentTokenAsync()
    {
        var response = await AdminClient.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses = 1, expiresInMinutes = 10 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<Tenant> TenantAsync(string groupId, string hostname)
    {
        var endpointId = await Node.EnrollAsync(hostname, groupId);
        var commandId = (await AdminClient.SubmitAsync(endpointId, new { script = "uptime" })).GetProperty("id").GetString()!;
        await Node.DriveAsync(endpointId, new MarkDispatched(commandId, "websocket"));
        await Node.App.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord(commandId, 0, "stdout", "done\n"));
        await Node.DriveAsync(endpointId, new CompleteCommand(commandId, 0, 5));
        var batch = await AdminClient.PostAsJsonAsync("/api/v1/batches", new { endpointIds = new[] { endpointId }, command = new { script = "hostname" } });
        var batchId = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetString()!;
        var transcriptId = (await TranscriptTests.CreateAsync(AdminClient, endpointId, [])).GetProperty("id").GetString()!;
        return new Tenant(groupId, endpointId, commandId, batchId, transcriptId);
    }
}
