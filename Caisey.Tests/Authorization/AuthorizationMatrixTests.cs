using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Caisey.Node.Commands;
using Caisey.Tests.Api;
using Caisey.Tests.Runtime;
using Microsoft.AspNetCore.Routing;
using static Caisey.Tests.Authorization.MatrixNode;

namespace Caisey.Tests.Authorization;

/// <summary>
/// Every route of the node × role (admin, technician of A, technician of B, viewer of A, anonymous) × tenant (a resource
/// of group A or of group B). A route the matrix does not list fails <see cref="EveryRoute_IsInTheMatrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixNode node) : IClassFixture<MatrixNode>
{
    private static readonly RouteCase[] Matrix =
    [
        Case("GET /healthz", Access.Public, HttpStatusCode.OK, false, (_, _, _) => Get("/healthz")),
        Case("GET /readyz", Access.Public, HttpStatusCode.OK, false, (_, _, _) => Get("/readyz")),
        Case("POST /api/v1/auth/login", Access.Public, HttpStatusCode.OK, false,
            (_, _, _) => Send(HttpMethod.Post, "/api/v1/auth/login", new { username = "admin", password = Caisey.Tests.Hosting.TestNode.AdminPassword })),
        Case("POST /api/v1/auth/logout", Access.AnyUser, HttpStatusCode.NoContent, false, async (n, role, _) =>
        {
            var request = await Send(HttpMethod.Post, "/api/v1/auth/logout");
            if (role != Anonymous) // a token of its own: logging out revokes it
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", n.IssueToken(n.UserOf(role)));
            return request;
        }),
        Case("GET /api/v1/client-groups", Access.AnyUser, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/client-groups")),
        Case("POST /api/v1/client-groups", Access.AdminOnly, HttpStatusCode.Created, false,
            (_, _, _) => Send(HttpMethod.Post, "/api/v1/client-groups", new { name = "g-" + Guid.NewGuid().ToString("N") })),
        Case("GET /api/v1/users", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/users")),
        Case("POST /api/v1/users", Access.AdminOnly, HttpStatusCode.Created, false, (_, _, _) => Send(HttpMethod.Post, "/api/v1/users",
            new { username = "u-" + Guid.NewGuid().ToString("N"), password = ApiFleet.UserPassword, role = "viewer", clientGroupIds = Array.Empty<string>() })),
        Case("GET /api/v1/endpoints", Access.AnyUser, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/endpoints")),
        Case("GET /api/v1/endpoints/{id}", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/endpoints/{n.Tenants[t].EndpointId}")),
        Case("POST /api/v1/endpoints/{id}/commands", Access.ScopedWrite, HttpStatusCode.Accepted, true,
            (n, _, t) => Send(HttpMethod.Post, $"/api/v1/endpoints/{n.Tenants[t].EndpointId}/commands", new { script = "uptime" })),
        Case("GET /api/v1/endpoints/{id}/commands", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/endpoints/{n.Tenants[t].EndpointId}/commands")),
        Case("GET /api/v1/commands/{id}", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/commands/{n.Tenants[t].CommandId}")),
        Case("GET /api/v1/commands/{id}/output", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/commands/{n.Tenants[t].CommandId}/output")),
        Case("GET /api/v1/commands/{id}/output", Access.ScopedRead, HttpStatusCode.OK, true,
            (n, _, t) => Get($"/api/v1/commands/{n.Tenants[t].CommandId}/output?follow=true"), name: "GET /api/v1/commands/{id}/output?follow=true"),
        Case("POST /api/v1/commands/{id}/cancel", Access.ScopedWrite, HttpStatusCode.Accepted, true,
            async (n, _, t) => await Send(HttpMethod.Post, $"/api/v1/commands/{await n.QueuedCommandAsync(t)}/cancel")),
        Case("POST /api/v1/batches", Access.ScopedWrite, HttpStatusCode.Accepted, true,
            (n, _, t) => Send(HttpMethod.Post, "/api/v1/batches", new { endpointIds = new[] { n.Tenants[t].EndpointId }, command = new { script = "hostname" } })),
        Case("GET /api/v1/batches/{id}", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/batches/{n.Tenants[t].BatchId}")),
        Case("GET /api/v1/events", Access.AnyUser, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/events"), streams: true),
        Case("POST /api/v1/enrollment-tokens", Access.ScopedWrite, HttpStatusCode.Created, true,
            (n, _, t) => Send(HttpMethod.Post, "/api/v1/enrollment-tokens", new { clientGroupId = n.Tenants[t].GroupId, maxUses = 1, expiresInMinutes = 5 })),
        Case("POST /agent/v1/enroll", Access.Public, HttpStatusCode.Created, false, async (n, _, _) => await Send(HttpMethod.Post, "/agent/v1/enroll",
            new { enrollmentToken = await n.EnrollmentTokenAsync(), hostname = "new-01", os = "linux", agentVersion = "1.0.0" })),
        Case("GET /agent/v1/bridge", Access.Agent, HttpStatusCode.OK, false, (_, _, _) => Get("/agent/v1/bridge")),
        Case("GET /agent/v1/doorbell", Access.Agent, HttpStatusCode.OK, false, (_, _, _) => Get("/agent/v1/doorbell?waitSeconds=1")),
        Case("POST /agent/v1/exchange", Access.Agent, HttpStatusCode.OK, false,
            (_, _, _) => Send(HttpMethod.Post, "/agent/v1/exchange?waitMs=0", new { sessionId = "s1", frames = Array.Empty<object>() })),
        Case("GET /api/v1/audit", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/audit?endpointId={n.Tenants[t].EndpointId}")),
        Case("GET /api/v1/audit", Access.AnyUser, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/audit"), name: "GET /api/v1/audit (all)"),
        Case("GET /api/v1/audit/verify", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/api/v1/audit/verify")),
        Case("POST /api/v1/transcripts", Access.ScopedWrite, HttpStatusCode.Created, true,
            (n, _, t) => Send(HttpMethod.Post, "/api/v1/transcripts", new { endpointId = n.Tenants[t].EndpointId })),
        Case("GET /api/v1/transcripts/{id}", Access.ScopedRead, HttpStatusCode.OK, true, (n, _, t) => Get($"/api/v1/transcripts/{n.Tenants[t].TranscriptId}")),
        Case("PUT /api/v1/transcripts/{id}", Access.ScopedWrite, HttpStatusCode.OK, true,
            (n, _, t) => Send(HttpMethod.Put, $"/api/v1/transcripts/{n.Tenants[t].TranscriptId}", new { redactions = new[] { new { pattern = "secret" } } })),
        Case("PATCH /api/v1/transcripts/{id}", Access.ScopedWrite, HttpStatusCode.OK, true,
            (n, _, t) => Send(HttpMethod.Patch, $"/api/v1/transcripts/{n.Tenants[t].TranscriptId}", new { redactions = new[] { new { pattern = "secret" } } })),
        Case("POST /api/v1/transcripts/{id}/publish", Access.ScopedWrite, HttpStatusCode.OK, true,
            (n, _, t) => Send(HttpMethod.Post, $"/api/v1/transcripts/{n.Tenants[t].TranscriptId}/publish", new { expiresAt = DateTimeOffset.UtcNow.AddDays(1) })),
        Case("POST /api/v1/transcripts/{id}/revoke", Access.ScopedWrite, HttpStatusCode.NoContent, true,
            (n, _, t) => Send(HttpMethod.Post, $"/api/v1/transcripts/{n.Tenants[t].TranscriptId}/revoke")),
        Case("DELETE /api/v1/transcripts/{id}/share", Access.ScopedWrite, HttpStatusCode.NoContent, true,
            (n, _, t) => Send(HttpMethod.Delete, $"/api/v1/transcripts/{n.Tenants[t].TranscriptId}/share")),
        Case("PUT /api/v1/client-groups/{id}/approval-policy", Access.AdminOnly, HttpStatusCode.OK, true,
            (n, _, t) => Send(HttpMethod.Put, $"/api/v1/client-groups/{n.Tenants[t].GroupId}/approval-policy", new { policy = "none" })),
        Case("PUT /api/v1/endpoints/{id}/approval-policy", Access.AdminOnly, HttpStatusCode.OK, true,
            (n, _, t) => Send(HttpMethod.Put, $"/api/v1/endpoints/{n.Tenants[t].EndpointId}/approval-policy", new { policy = "none" })),
        Case("POST /api/v1/endpoints/{id}/approval-requests", Access.ScopedWrite, HttpStatusCode.Accepted, true,
            (n, _, t) => Send(HttpMethod.Post, $"/api/v1/endpoints/{n.Tenants[t].EndpointId}/approval-requests", new { scope = "session", reason = "matrix" })),
        Case("GET /login", Access.Public, HttpStatusCode.OK, false, (_, _, _) => Get("/login")),
        Case("GET /", Access.Page, HttpStatusCode.OK, false, (_, _, _) => Get("/")),
        Case("GET /machines/{Id}", Access.Page, HttpStatusCode.OK, false, (_, _, _) => Get("/machines/ep_anything")),
        Case("GET /commands/{Id}", Access.Page, HttpStatusCode.OK, false, (_, _, _) => Get("/commands/cmd_anything")),
        Case("GET /batches/{Id}", Access.Page, HttpStatusCode.OK, false, (_, _, _) => Get("/batches/bat_anything")),
        Case("GET /share/{token}", Access.Public, HttpStatusCode.OK, false, async (n, _, _) => await Get(await n.ShareUrlAsync())),
        Case("GET /ops/v1/cluster", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/ops/v1/cluster")),
        // A single node refuses leave and down (409): an admin gets that far, everyone else is stopped before.
        Case("POST /ops/v1/cluster/leave", Access.AdminOnly, HttpStatusCode.Conflict, false,
            (_, _, _) => Send(HttpMethod.Post, "/ops/v1/cluster/leave", new { node = "node-1" })),
        Case("POST /ops/v1/cluster/down", Access.AdminOnly, HttpStatusCode.Conflict, false,
            (_, _, _) => Send(HttpMethod.Post, "/ops/v1/cluster/down", new { node = "node-1" })),
        Case("GET /ops/v1/shards", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/ops/v1/shards")),
        Case("GET /ops/v1/shards/stats", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/ops/v1/shards/stats")),
        Case("GET /ops/v1/endpoints/{id}", Access.AdminOnly, HttpStatusCode.OK, true, (n, _, t) => Get($"/ops/v1/endpoints/{n.Tenants[t].EndpointId}")),
        Case("GET /ops/v1/log", Access.AdminOnly, HttpStatusCode.OK, false, (_, _, _) => Get("/ops/v1/log?lines=10")),
    ];

    public static IEnumerable<object[]> Cases() =>
        from c in Matrix
        from role in Roles
        from tenant in c.Tenanted ? new[] { "A", "B" } : [NoTenant]
        select new object[] { c.Name, role, tenant };

    [Fact]
    public void EveryRoute_IsInTheMatrix()
    {
        var routes = node.Node.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => $"{method} /{e.RoutePattern.RawText?.Trim('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var covered = Matrix.Select(c => c.Route).ToHashSet(StringComparer.Ordinal);
        // Razor components' own routes: the antiforgery redirect, and the form-post twin of every page (the console has
        // no forms; writes go through the JSON API, whose rows are above).
        covered.Add("GET /_framework/opaque-redirect");
        foreach (var page in Matrix.Where(c => c.Access == Access.Page || c.Route == "GET /login"))
            covered.Add("POST " + page.Route["GET ".Length..]);

        Assert.True(routes.Count >= 30, $"Expected the node's routes, found only: {string.Join(", ", routes)}");
        Assert.Empty(routes.Except(covered).Order());   // a new route needs its row in the matrix
        Assert.Empty(covered.Except(routes).Order());   // a row for a route that no longer exists
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_AnswersAsTheMatrixSays(string name, string role, string tenant)
    {
        var row = Matrix.Single(c => c.Name == name);
        var expected = row.Expected(role, tenant);
        using var request = await row.Request(node, role, tenant);
        if (request.Headers.Authorization is null && role != Anonymous)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", node.Tokens[role]);
        using var response = await node.Bare.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var body = row.Streams && response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{role} on tenant {tenant}: {name} should answer {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected == HttpStatusCode.Found)
            Assert.StartsWith("/login?returnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        else if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Unauthorized || expected == HttpStatusCode.Unauthorized && row.Access != Access.Agent)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (role is TechA or TechB or ViewerA && response.IsSuccessStatusCode)
        {
            foreach (var other in node.Tenants.Where(t => !Sees(role, t.Key)).Select(t => t.Value))
            {
                Assert.DoesNotContain(other.EndpointId, body, StringComparison.Ordinal);
                Assert.DoesNotContain(other.GroupId, body, StringComparison.Ordinal);
                Assert.DoesNotContain(other.CommandId, body, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(Admin)]
    [InlineData(TechA)]
    [InlineData(TechB)]
    [InlineData(ViewerA)]
    public async Task Events_DeliverNothingOutOfScope(string role)
    {
        var (seen, unseen) = role == TechB ? ("B", "A") : ("A", "B");
        using var client = node.Client(node.Tokens[role]);
        using var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        await events.WaitForCommentAsync("connected").Within("the event stream to open");
        var output = node.Node.App.Services.GetRequiredService<CommandOutputStore>();

        // Out of scope first: a leak would be read before the event the test waits for.
        var theirs = await node.QueuedCommandAsync(unseen);
        await output.AppendAsync(new OutputChunkRecord(theirs, 0, "stdout", "their output"));
        var mine = await node.QueuedCommandAsync(seen);
        await output.AppendAsync(new OutputChunkRecord(mine, 0, "stdout", "my output"));

        var read = new List<string>();
        while (read.LastOrDefault()?.Contains("my output", StringComparison.Ordinal) != true)
        {
            var next = await events.NextEventAsync().Within($"the {role}'s own command.output event");
            read.Add(next.Name + " " + next.Data);
        }
        var leaked = read.Where(e => e.Contains(theirs, StringComparison.Ordinal) || e.Contains(node.Tenants[unseen].EndpointId, StringComparison.Ordinal)).ToList();
        if (role == Admin)
            Assert.NotEmpty(leaked); // the admin sees both tenants: this proves the out-of-scope events were published at all
        else
            Assert.Empty(leaked);
        Assert.Contains(read, e => e.StartsWith("command.changed", StringComparison.Ordinal) && e.Contains(mine, StringComparison.Ordinal));
    }

    private static RouteCase Case(string route, Access access, HttpStatusCode success, bool tenanted,
        Func<MatrixNode, string, string, Task<HttpRequestMessage>> request, string? name = null, bool streams = false) =>
        new(name ?? route, route, access, success, tenanted, request, streams);

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Send(HttpMethod method, string path, object? body = null) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });
}
