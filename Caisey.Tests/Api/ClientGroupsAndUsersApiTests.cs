using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Api;

public sealed class ClientGroupsAndUsersApiTests
{
    [Fact]
    public async Task ClientGroups_AdminCreates_DuplicateIs409_OthersCannotCreate()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/client-groups", new { name = "Acme" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var group = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["id", "name"], group.PropertyNames());
        Assert.Equal("Acme", group.GetProperty("name").GetString());
        await (await admin.PostAsJsonAsync("/api/v1/client-groups", new { name = "Acme" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/v1/client-groups", new { name = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        var names = (await admin.GetJsonAsync("/api/v1/client-groups")).EnumerateArray().Select(g => g.GetProperty("name").GetString());
        Assert.Equal(["Acme", "default"], names);

        using var tech = await node.LoginAsNewUserAsync(admin, "tina", "technician", "default");
        await (await tech.PostAsJsonAsync("/api/v1/client-groups", new { name = "Mine" })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Users_AdminCreates_UnknownRoleOrGroupIs400_TakenIs409()
    {
        await using var node = await TestNode.StartAsync();
        using var admin = await node.LoginAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/users", new { username = "tina", password = "long-enough", role = "technician", clientGroupIds = new[] { "default" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["username", "role", "clientGroupIds"], user.PropertyNames());
        Assert.DoesNotContain("long-enough", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var invalid = await admin.PostAsJsonAsync("/api/v1/users", new { username = "x", password = "long-enough", role = "root", clientGroupIds = new[] { "cg_nope" } });
        var problem = await invalid.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["role", "clientGroupIds"], problem.GetProperty("errors").PropertyNames());
        await (await admin.PostAsJsonAsync("/api/v1/users", new { username = "tina", password = "long-enough", role = "viewer", clientGroupIds = Array.Empty<string>() }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["admin", "tina"], (await admin.GetJsonAsync("/api/v1/users")).EnumerateArray().Select(u => u.GetProperty("username").GetString()));

        using var tech = await node.LoginAsync("tina", "long-enough");
        await (await tech.GetAsync("/api/v1/users")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await tech.PostAsJsonAsync("/api/v1/users", new { username = "eve", password = "long-enough", role = "admin" })).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
