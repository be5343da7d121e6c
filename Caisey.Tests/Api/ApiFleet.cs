using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Node.Hosting;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

/// <summary>Test helpers over a <see cref="TestNode"/>: endpoints enrolled straight into the runtime (the bridge's
/// <c>/agent/v1/enroll</c> is not needed), users and groups through the API.</summary>
public static class ApiFleet
{
    public const string UserPassword = "user-password-1";

    public static NodeRuntime Runtime(this TestNode node) => node.App.Services.GetRequiredService<NodeRuntime>();

    /// <summary>Registers and enrolls an endpoint in <paramref name="clientGroupId"/>; returns its id.</summary>
    public static async Task<string> EnrollAsync(this TestNode node, string hostname, string clientGroupId = "default")
    {
        var (endpointId, _) = node.App.Services.GetRequiredService<EndpointCredentialStore>().Register(clientGroupId, hostname);
        var reply = await node.Runtime().Endpoints.AskAsync(endpointId, new Enroll(clientGroupId, hostname, "linux", "1.0.0"));
        Assert.IsType<EndpointView>(reply);
        return endpointId;
    }

    /// <summary>Asks the endpoint entity (as the bridge would) and expects the command's view back.</summary>
    public static async Task<CommandView> DriveAsync(this TestNode node, string endpointId, IEndpointMessage message)
    {
        var reply = await node.Runtime().Endpoints.AskAsync(endpointId, message);
        return Assert.IsType<CommandView>(reply);
    }

    public static async Task<string> CreateGroupAsync(this HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/client-groups", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Creates a user through the API and returns a client logged in as them.</summary>
    public static async Task<HttpClient> LoginAsNewUserAsync(this TestNode node, HttpClient admin, string username, string role, params string[] clientGroupIds)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { username, password = UserPassword, role, clientGroupIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await node.LoginAsync(username, UserPassword);
    }

    public static async Task<JsonElement> SubmitAsync(this HttpClient client, string endpointId, object spec)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/endpoints/{endpointId}/commands", spec);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"Expected 202 for the submit, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Expected 200 for GET {path}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reads a problem response: asserts the status and <c>application/problem+json</c>, returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "A problem must carry a detail.");
        return problem;
    }

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name)];
}
