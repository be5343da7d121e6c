using System.Net.Http.Headers;
using System.Net.Http.Json;
using Caisey.Node.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Caisey.Tests.Hosting;

/// <summary>A real node in this process: Kestrel on 127.0.0.1 (a free port), its own temp data directory.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string AdminPassword = "test-admin-password";

    private TestNode(WebApplication app, string dataDir)
    {
        App = app;
        DataDir = dataDir;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<TestNode> StartAsync(string? dataDir = null, params string[] sets)
    {
        dataDir ??= Directory.CreateTempSubdirectory("caisey-node-").FullName;
        var configuration = NodeConfiguration.Load(null,
        [
            "caisey.node.urls=\"http://127.0.0.1:0\"",
            $"caisey.node.data-dir=\"{dataDir}\"",
            $"caisey.auth.bootstrap-admin.password=\"{AdminPassword}\"",
            "caisey.node.local-agent.enabled=false",
            "caisey.logging.level=Warning",
            .. sets,
        ]);
        var app = NodeHost.Build(configuration);
        await app.StartAsync();
        return new TestNode(app, dataDir);
    }

    /// <summary>An HTTP client carrying a fresh bearer token of the bootstrap admin.</summary>
    public async Task<HttpClient> LoginAsync(string username = "admin", string password = AdminPassword)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<LoginBody>();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed record LoginBody(string Token);
}
