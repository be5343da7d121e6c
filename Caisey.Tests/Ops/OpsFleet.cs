using Caisey.Node.Auth;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Ops;

/// <summary>
/// A real node on 127.0.0.1 that knows five enrolled endpoints of which exactly three have live entities: it enrolled
/// them, restarted on the same data (the fleet is rebuilt from the journal without waking any entity), then a command
/// was submitted to three of them.
/// </summary>
public sealed class OpsFleet : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    /// <summary>An admin's API token (issued from the store: no login rate limit).</summary>
    public string AdminToken { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public IReadOnlyList<string> Known { get; private set; } = [];

    /// <summary>The endpoints whose entities are live (each was sent a command after the restart).</summary>
    public IReadOnlyList<string> Messaged => Known.Take(3).ToList();

    /// <summary>Known from the journal, never activated since the restart.</summary>
    public IReadOnlyList<string> Idle => Known.Skip(3).ToList();

    public Uri Url => Node.BaseAddress;

    public async Task InitializeAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-ops-").FullName;
        var ids = new List<string>();
        await using (var first = await TestNode.StartAsync(dataDir))
        {
            for (var i = 1; i <= 5; i++)
                ids.Add(await first.EnrollAsync($"ops-{i:00}"));
        }
        Known = ids;
        Node = await TestNode.StartAsync(dataDir);
        AdminToken = Issue("admin");
        Admin = Client(AdminToken);
        foreach (var id in Messaged)
            await Admin.SubmitAsync(id, new { script = "uptime" });
    }

    public string Issue(string username) => Node.App.Services.GetRequiredService<ApiTokenStore>().Issue(username, TimeSpan.FromHours(1)).Token;

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Node.DisposeAsync();
    }
}
