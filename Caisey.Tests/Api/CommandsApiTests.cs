using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

public sealed class CommandsApiTests
{
    private static readonly string[] CommandViewFields =
    [
        "id", "endpointId", "batchId", "status", "submittedBy", "submittedAt", "timeline", "attempts",
        "exitCode", "failureReason", "outputBytes", "roundTripMs", "timings",
    ];

    [Fact]
    public async Task Submit_ToEnrolledEndpoint_Answers202QueuedView_ThatGetReturnsUnchanged()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");

        var response = await admin.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands", new { script = "uptime", shell = "sh", timeoutSeconds = 30 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(raw).RootElement;
        var id = view.GetProperty("id").GetString()!;
        Assert.StartsWith("cmd_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/commands/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(endpointId, view.GetProperty("endpointId").GetString());
        Assert.Equal("queued", view.GetProperty("status").GetString());
        Assert.Equal("admin", view.GetProperty("submittedBy").GetString());
        Assert.Equal(0, view.GetProperty("attempts").GetInt32());
        var step = Assert.Single(view.GetProperty("timeline").EnumerateArray());
        Assert.Equal("queued", step.GetProperty("status").GetString());

        var got = await admin.GetStringAsync($"/api/v1/commands/{id}");
        Assert.Equal(raw, got);
    }

    [Fact]
    public async Task CommandView_Json_HasTheApiFieldNamesAndStateStrings()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var id = (await admin.SubmitAsync(endpointId, new { script = "sleep 100" })).GetProperty("id").GetString()!;
        await node.DriveAsync(endpointId, new MarkDispatched(id, "primary"));
        await node.DriveAsync(endpointId, new AcknowledgeCommand(id));
        await node.DriveAsync(endpointId, new MarkRunning(id));
        await node.DriveAsync(endpointId, new FailCommand(id, FailureReason.TimedOut, OutputBytes: 12));

        var view = await admin.GetJsonAsync($"/api/v1/commands/{id}");
        Assert.All(CommandViewFields, field => Assert.Contains(field, view.PropertyNames()));
        Assert.Equal("failed", view.GetProperty("status").GetString());
        Assert.Equal("timed-out", view.GetProperty("failureReason").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("batchId").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("exitCode").ValueKind);
        Assert.Equal(12, view.GetProperty("outputBytes").GetInt64());
        Assert.Equal(1, view.GetProperty("attempts").GetInt32());
        Assert.Equal(["queued", "dispatched", "acknowledged", "running", "failed"],
            view.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.All(view.GetProperty("timeline").EnumerateArray(), s => Assert.Equal(["status", "at", "detail"], s.PropertyNames()));
        Assert.Equal(["queuedMs", "deliveryMs", "ackMs", "executionMs"], view.GetProperty("timings").PropertyNames());
        Assert.Equal(JsonValueKind.Number, view.GetProperty("roundTripMs").ValueKind);
        Assert.Equal(JsonValueKind.Number, view.GetProperty("timings").GetProperty("executionMs").ValueKind);
        var submittedAt = view.GetProperty("submittedAt").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", submittedAt);
    }

    [Fact]
    public async Task Submit_WithSameIdempotencyKey_ReturnsTheExistingCommand()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");

        var first = await admin.SubmitAsync(endpointId, new { script = "apt-get upgrade -y", idempotencyKey = "patch-2025-01" });
        var second = await admin.SubmitAsync(endpointId, new { script = "apt-get upgrade -y", idempotencyKey = "patch-2025-01" });

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Single((await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray());
    }

    [Fact]
    public async Task Submit_WithInvalidSpec_Answers400ListingEveryProblem()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");

        var response = await admin.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands",
            new { script = "  ", timeoutSeconds = 0, expiresAt = DateTimeOffset.UtcNow.AddHours(-1), shell = "fish" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["script", "shell", "timeoutSeconds", "expiresAt"], problem.GetProperty("errors").PropertyNames());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("script must not be empty", detail, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds must be positive", detail, StringComparison.Ordinal);
        Assert.Contains("expiresAt", detail, StringComparison.Ordinal);
        Assert.Contains("shell must be one of", detail, StringComparison.Ordinal);
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray());
    }

    [Fact]
    public async Task Submit_WithUnreadableBody_AnswersProblemSayingWhatWasWrong()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var path = $"/api/v1/endpoints/{endpointId}/commands";

        var wrongType = await admin.PostAsync(path, new StringContent("{\"script\": \"x\", \"timeoutSeconds\": \"soon\"}", Encoding.UTF8, "application/json"));
        var problem = await wrongType.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("$.timeoutSeconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var notJson = await admin.PostAsync(path, new StringContent("uptime", Encoding.UTF8, "text/plain"));
        await notJson.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands")).EnumerateArray());
    }

    [Fact]
    public async Task Submit_ToUnknownEndpoint_Answers404Problem()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/endpoints/ep_nope/commands", new { script = "uptime" });

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("ep_nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_QueuedCommand_IsCancelled_AndCancellingAgainIs409()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var id = (await admin.SubmitAsync(endpointId, new { script = "reboot" })).GetProperty("id").GetString()!;

        var cancel = await admin.PostAsync($"/api/v1/commands/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await admin.GetJsonAsync($"/api/v1/commands/{id}")).GetProperty("status").GetString());

        var again = await admin.PostAsync($"/api/v1/commands/{id}/cancel", null);
        var problem = await again.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cancelled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ListsTheEndpointsCommandsNewestFirst()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();
        var endpointId = await node.EnrollAsync("web-01");
        var ids = new List<string>();
        foreach (var script in new[] { "one", "two", "three" })
            ids.Add((await admin.SubmitAsync(endpointId, new { script })).GetProperty("id").GetString()!);

        var history = await admin.GetJsonAsync($"/api/v1/endpoints/{endpointId}/commands");

        Assert.Equal(Enumerable.Reverse(ids), history.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Requests_WithoutToken_Answer401Problem()
    {
        await using var node = await TestNode.StartAsync();

        var response = await node.Http.GetAsync("/api/v1/endpoints");

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
