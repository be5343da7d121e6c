using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;
using CheckIn = Caisey.Protocol.Frames.CheckIn;

namespace Caisey.Tests.Bridge;

public sealed class BridgeEnrollmentTests
{
    [Fact]
    public async Task Enroll_ThenBridge_HelloIsAnsweredWithWelcome_AndEnrollmentIsDurable()
    {
        await using var node = await TestNode.StartAsync(null, "caisey.node.node-id=node-bridge-1");
        var enrolled = await BridgeTestKit.EnrollAsync(node, "pc-enroll");

        var endpoint = Assert.IsType<EndpointView>(await node.Runtime().Endpoints.AskAsync(enrolled.EndpointId, new GetEndpoint()));
        Assert.Equal("pc-enroll", endpoint.Hostname);
        Assert.Equal("default", endpoint.ClientGroupId);

        var (agent, welcome) = await TestAgent.OpenAsync(node, enrolled.EndpointId, enrolled.Credential);
        await using var _ = agent;
        Assert.Equal("node-bridge-1", welcome.NodeId);
        Assert.Equal(BridgeProtocol.CurrentVersion, welcome.ProtocolVersion);
        Assert.True(welcome.IdleTimeoutMs > 0);

        await agent.RequestAsync(new CheckIn(agent.NewId(), new AgentInventory("pc-enroll", "linux", "Debian 12", "x64", "1.1", 2, DateTimeOffset.UtcNow, UptimeSeconds: 99)));
        endpoint = Assert.IsType<EndpointView>(await node.Runtime().Endpoints.AskAsync(enrolled.EndpointId, new GetEndpoint()));
        Assert.Equal("1.1", endpoint.Readiness.AgentVersion);
        Assert.Equal(99, endpoint.Readiness.UptimeSeconds);
        Assert.Null(endpoint.Readiness.PendingUpdates);
    }

    [Fact]
    public async Task Bridge_WithWrongOrMissingCredential_Is401BeforeUpgrade()
    {
        await using var node = await TestNode.StartAsync();
        await BridgeTestKit.EnrollAsync(node);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer cac_wrong");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(TestAgent.BridgeUri(node), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);

        var missing = await node.Http.GetAsync(BridgeProtocol.Path);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        using var doorbell = new HttpRequestMessage(HttpMethod.Get, "/agent/v1/doorbell?waitSeconds=1");
        doorbell.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cac_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Http.SendAsync(doorbell)).StatusCode);
    }

    [Fact]
    public async Task Enroll_WithUsedUpOrExpiredToken_Is401AndCreatesNothing()
    {
        await using var node = await TestNode.StartAsync();
        var token = await BridgeTestKit.IssueTokenAsync(node, maxUses: 1);
        var first = await node.Http.PostAsJsonAsync("/agent/v1/enroll", new { enrollmentToken = token, hostname = "a", os = "linux", agentVersion = "1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var expired = node.App.Services.GetRequiredService<EnrollmentTokenStore>().Issue("default", 5, TimeSpan.FromSeconds(-1), "test").Token;
        var credentials = node.App.Services.GetRequiredService<EndpointCredentialStore>();
        var before = credentials.All();

        foreach (var spent in new[] { token, expired, "cet_unknown" })
        {
            var response = await node.Http.PostAsJsonAsync("/agent/v1/enroll", new { enrollmentToken = spent, hostname = "b", os = "linux", agentVersion = "1" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("expired or used up", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, credentials.All());

        var incomplete = await node.Http.PostAsJsonAsync("/agent/v1/enroll", new { enrollmentToken = token });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
    }

    [Fact]
    public async Task EnrollmentToken_ForUnknownGroup_Is404_AndRequiresLogin()
    {
        await using var node = await TestNode.StartAsync();
        using var api = await node.LoginAsync();
        var unknown = await api.PostAsJsonAsync("/api/v1/enrollment-tokens", new { clientGroupId = "cg_nope", maxUses = 1, expiresInMinutes = 5 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // A fresh client: node.Http keeps the console cookie set by the login above.
        using var stranger = new HttpClient { BaseAddress = node.BaseAddress };
        var anonymous = await stranger.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses = 1, expiresInMinutes = 5 });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
