using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Caisey.Tests.Hosting;

public sealed class NodeHostTests
{
    [Fact]
    public async Task Healthz_WhileServing_AnswersOkWithNodeId()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.node.node-id=node-test-7");
        var health = await node.Http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("node-test-7", health.GetProperty("nodeId").GetString());
    }

    [Fact]
    public async Task NodeHost_WatchesNoConfigurationFile_SoJournalWritesUnderItsContentRootWakeNoWatcher()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-watch-").FullName;
        var configuration = NodeConfiguration.Load(null, ["caisey.node.urls=\"http://127.0.0.1:0\"", $"caisey.node.data-dir=\"{dataDir}\""]);
        await using var app = NodeHost.Build(configuration);

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Login_WithBootstrapAdmin_ReturnsTokenThatAuthorizesAndCanBeRevoked()
    {
        await using var node = await TestNode.StartAsync();
        var response = await node.Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = TestNode.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("admin", body.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("admin", body.GetProperty("user").GetProperty("role").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("caisey_token=", StringComparison.Ordinal));

        using var api = await node.LoginAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync("/api/v1/auth/logout", null)).StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("nobody", "test-admin-password")]
    public async Task Login_WithWrongCredentials_IsRefusedWithProblemDetails(string username, string password)
    {
        await using var node = await TestNode.StartAsync();
        var response = await node.Http.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Wrong username or password.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_RepeatedGuessing_IsRateLimited()
    {
        await using var node = await TestNode.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await node.Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = "guess" + i })).StatusCode);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task BootstrapAdmin_IsCreatedOnce_AndSurvivesRestartWithSamePassword()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        await using (var first = await TestNode.StartAsync(dataDir))
            using (await first.LoginAsync()) { }
        // A different configured password on the second start does not replace the stored admin.
        await using var second = await TestNode.StartAsync(dataDir, "caisey.auth.bootstrap-admin.password=\"another\"");
        using var api = await second.LoginAsync();
        var wrong = await second.Http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = "another" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Readyz_OnceJournalIsOpen_IsReady_AndNotReadyAfterStop()
    {
        var node = await TestNode.StartAsync();
        var ready = await node.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var readiness = node.App.Services.GetRequiredService<Caisey.Node.Health.NodeReadiness>();
        await node.DisposeAsync();
        Assert.False(readiness.IsReady);
        Assert.Contains("stopping", readiness.NotReadyReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_AfterAcceptedCommands_KeepsEveryOneForTheNextStart()
    {
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        await using (var first = await TestNode.StartAsync(dataDir))
        {
            var endpoints = first.App.Services.GetRequiredService<Caisey.Node.Hosting.NodeRuntime>().Endpoints;
            await endpoints.AskAsync("ep-flush", new Caisey.Node.Endpoints.Enroll("default", "host-a", "linux", "1.0"));
            var queued = Enumerable.Range(0, 50).Select(i =>
                endpoints.AskAsync("ep-flush", new Caisey.Node.Endpoints.QueueCommand($"cmd-{i}", "echo hi", "admin")));
            await Task.WhenAll(queued);
        }
        await using var second = await TestNode.StartAsync(dataDir);
        var runtime = second.App.Services.GetRequiredService<Caisey.Node.Hosting.NodeRuntime>();
        for (var i = 0; i < 50; i++)
        {
            var view = await runtime.Endpoints.AskAsync("ep-flush", new Caisey.Node.Endpoints.GetCommand($"cmd-{i}"));
            var command = Assert.IsType<Caisey.Node.Endpoints.CommandView>(view);
            Assert.Equal(Caisey.Node.Endpoints.CommandStatus.Queued, command.Status);
        }
    }
}
