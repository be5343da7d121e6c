using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caisey.Tests.Agent;
using Caisey.Tests.Agent.Bridge;
using Caisey.Tests.Api;
using Caisey.Tests.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Caisey.Tests.Console;

/// <summary>The technician console in a real Chromium, against a real node with real agent processes.</summary>
public sealed partial class ConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [GeneratedRegex(@"reachable · \d+(\.\d)? ms")]
    private static partial Regex ReachableWithRtt();

    [GeneratedRegex(@"^\d+(\.\d+)? (ms|s)$")]
    private static partial Regex Duration();

    [Fact]
    public async Task Login_RedirectsFromAPage_RejectsAWrongPassword_ThenReturnsToThePage()
    {
        var page = await fixture.NewPageAsync();
        var machine = fixture.AgentEndpoints[0];
        await page.GotoAsync(fixture.Url($"/machines/{machine}"));
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl="));

        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong username or password.");
        await ConsoleScreenshots.SaveAsync(page, "login");

        await page.GetByLabel("Password").FillAsync(TestNode.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Url($"/machines/{machine}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Readiness" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync(fixture.Url("/"));
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl="));
    }

    [Fact]
    public async Task Fleet_ShowsRealAgentsReachableWithTheirRoundTrip_AndNeverConnectedMachinesHonestly()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.Url("/"));

        foreach (var id in fixture.AgentEndpoints)
            await Expect(Row(page, id).Locator("td.reachability")).ToHaveTextAsync(ReachableWithRtt());
        var never = Row(page, fixture.NeverConnected);
        await Expect(never.Locator("td.reachability")).ToHaveTextAsync("never connected");
        await Expect(never.Locator("td.readiness")).ToContainTextAsync("Windows Server 2022 · 3 updates pending");
        await Expect(never.Locator("td.health")).ToContainTextAsync("agent behind");
        await Expect(never.Locator(".reach[data-state=reachable]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contoso Dental" })).ToBeVisibleAsync();
        await ConsoleScreenshots.SaveAsync(page, "fleet");

        await page.GetByLabel("Reachability").SelectOptionAsync("never-connected");
        await Expect(Row(page, fixture.NeverConnected)).ToBeVisibleAsync();
        await Expect(Row(page, fixture.AgentEndpoints[0])).ToHaveCountAsync(0);
        await page.GetByLabel("Reachability").SelectOptionAsync("");
        await page.GetByLabel("Search").FillAsync("contoso-fs");
        await Expect(page.Locator("tr[data-endpoint-id]")).ToHaveCountAsync(1);
        await Expect(Row(page, fixture.NeverConnected)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Machine_RunEcho_StreamsTheOutput_AndSucceedsWithARoundTripAndATimeline()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.Url($"/machines/{fixture.AgentEndpoints[0]}"));
        await Expect(page.GetByTestId("reachability")).ToHaveTextAsync(ReachableWithRtt());

        await page.GetByLabel("Script", new() { Exact = true }).FillAsync("echo hello-from-console");
        await page.GetByLabel("Timeout (seconds)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();

        var panel = page.Locator("#current-panel");
        await Expect(panel.GetByRole(AriaRole.Log, new() { Name = "Output" })).ToContainTextAsync("hello-from-console");
        await Expect(panel.GetByTestId("command-status")).ToHaveTextAsync("succeeded");
        await Expect(panel.GetByTestId("exit-code")).ToHaveTextAsync("0");
        await Expect(panel.GetByTestId("round-trip")).ToHaveTextAsync(Duration());
        var timeline = panel.GetByRole(AriaRole.List, new() { Name = "Status timeline" });
        foreach (var status in new[] { "queued", "dispatched", "acknowledged", "running", "succeeded" })
            await Expect(timeline).ToContainTextAsync(status);
        await Expect(page.Locator("#history tr").First).ToContainTextAsync("echo hello-from-console");
        await Expect(page.Locator("#history tr").First).ToContainTextAsync("succeeded");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Notifications" }))
            .ToContainTextAsync("“echo hello-from-console” on");
        await ConsoleScreenshots.SaveAsync(page, "machine");

        await page.Locator("#history tr").First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/commands/"));
        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Output" })).ToHaveTextAsync("hello-from-console\n");
        await Expect(page.GetByTestId("command-status")).ToHaveTextAsync("succeeded");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel command" })).ToBeHiddenAsync();
        await ConsoleScreenshots.SaveAsync(page, "command");
    }

    [Fact]
    public async Task CommandView_StreamsOutputWhileRunning_AndCancelStopsIt()
    {
        var page = await fixture.SignedInPageAsync();
        var submitted = await fixture.Admin.SubmitAsync(fixture.AgentEndpoints[1], new { script = "echo streaming-started; sleep 30; echo never-printed", timeoutSeconds = 120 });
        await page.GotoAsync(fixture.Url($"/commands/{submitted.GetProperty("id").GetString()}"));

        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Output" })).ToContainTextAsync("streaming-started");
        await Expect(page.GetByTestId("command-status")).ToHaveTextAsync("running");
        await Expect(page.GetByTestId("round-trip")).ToHaveTextAsync("in progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel command" }).ClickAsync();

        await ExpectStatusAsync(page.GetByTestId("command-status"), submitted.GetProperty("id").GetString()!, "cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel command" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Status timeline" })).ToContainTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Output" })).Not.ToContainTextAsync("never-printed");
    }

    [Fact]
    public async Task Batch_ToBothRealAgents_ShowsEachTargetReachSucceeded()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.Url("/"));
        foreach (var id in fixture.AgentEndpoints)
            await Row(page, id).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Script", new() { Exact = true }).FillAsync("echo batch-from-console; hostname");
        // Hold the batch page's document for a while, as a slow network would: the commands finish while the fleet page
        // is still being left, and the "batch finished" notice must still reach the page that follows.
        await page.RouteAsync("**/batches/**", async route =>
        {
            if (route.Request.ResourceType == "document")
                await Task.Delay(2_000);
            await route.ContinueAsync();
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Run on 2 selected" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/batches/"));
        var targets = page.Locator("#batch-targets tr");
        await Expect(targets).ToHaveCountAsync(2);
        foreach (var id in fixture.AgentEndpoints)
        {
            var target = page.Locator($"#batch-targets tr[data-endpoint-id='{id}']");
            await ExpectStatusAsync(target.GetByTestId("target-status"), (await target.GetAttributeAsync("data-command-id"))!, "succeeded");
            await Expect(target.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "5");
        }
        await Expect(page.Locator("#batch-summary")).ToContainTextAsync("2 of 2 finished · 2 succeeded");
        await Expect(page.Locator("#batch-progress")).ToHaveJSPropertyAsync("value", 2);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Notifications" })).ToContainTextAsync("2 of 2 succeeded");
        await ConsoleScreenshots.SaveAsync(page, "batch");
    }

    [Fact]
    public async Task Viewer_SeesTheFleetAndMachines_ButNoComposer()
    {
        var page = await fixture.SignedInPageAsync(ConsoleFixture.ViewerName);
        await page.GotoAsync(fixture.Url("/"));
        await Expect(Row(page, fixture.AgentEndpoints[0])).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Command composer" })).ToHaveCountAsync(0);
        // Out of the viewer's client groups: not listed at all.
        await Expect(Row(page, fixture.NeverConnected)).ToHaveCountAsync(0);

        await page.GotoAsync(fixture.Url($"/machines/{fixture.AgentEndpoints[0]}"));
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("viewer");
        await Expect(page.GetByLabel("Script", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("reachability")).ToHaveTextAsync(ReachableWithRtt());
    }

    [Fact]
    public async Task MachinePage_ShowsACommandSubmittedThroughTheApi_WithoutAReload()
    {
        var page = await fixture.SignedInPageAsync();
        var machine = fixture.AgentEndpoints[1];
        await page.GotoAsync(fixture.Url($"/machines/{machine}"));
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var submitted = await fixture.Admin.SubmitAsync(machine, new { script = "echo submitted-through-the-api", timeoutSeconds = 60 });
        var commandId = submitted.GetProperty("id").GetString()!;

        var row = page.Locator($"#history tr[data-command-id='{commandId}']");
        await Expect(row).ToContainTextAsync("echo submitted-through-the-api");
        await Expect(row).ToContainTextAsync("succeeded");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page reloaded; the command should have appeared live.");
    }

    [Fact]
    public async Task Assets_AreServedByTheNode_AndPagesCarryAStrictContentSecurityPolicy()
    {
        foreach (var (path, type) in new[] { ("/assets/console.css", "text/css"), ("/assets/console.js", "text/javascript"), ("/assets/fleet.js", "text/javascript") })
        {
            var response = await fixture.Node.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        }
        var login = await fixture.Node.Http.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("script-src 'self'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Node.BaseAddress };
        var fleet = await noRedirects.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, fleet.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", fleet.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Approval_RequireConsent_PageShowsAwaitingApproval_ThenTheUserApprovesThroughTheAgentCli_AndTheCommandSucceeds()
    {
        var machine = fixture.AgentEndpoints[0];
        var dataDir = fixture.AgentDataDirs[0];
        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.PutAsJsonAsync($"/api/v1/endpoints/{machine}/approval-policy", new { policy = "require-consent" })).StatusCode);
        try
        {
            var page = await fixture.SignedInPageAsync();
            await page.GotoAsync(fixture.Url($"/machines/{machine}"));
            await Expect(page.Locator("#live-status")).ToHaveTextAsync("live");
            await Expect(page.GetByTestId("approval-policy")).ToHaveTextAsync("require consent");

            await page.GetByLabel("Script", new() { Exact = true }).FillAsync("echo consented-from-console");
            await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();

            await Expect(page.GetByTestId("session")).ToHaveTextAsync("awaiting approval");
            await Expect(page.GetByTestId("approval-state")).ToHaveTextAsync("awaiting approval");
            var banner = page.Locator("#approval-banner");
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToHaveAttributeAsync("role", "status");
            await Expect(banner).ToContainTextAsync("Awaiting approval");
            await Expect(page.GetByTestId("approval-expires")).ToBeVisibleAsync();
            var panel = page.Locator("#current-panel");
            await Expect(panel.GetByTestId("command-status")).ToHaveTextAsync("queued");
            await ConsoleScreenshots.SaveAsync(page, "machine-awaiting-approval");

            await WaitForFileAsync(Path.Combine(dataDir, "approval.json"));
            var (exitCode, output) = await AgentProcess.RunAsync("approve", "--data-dir", dataDir);
            Assert.True(exitCode == 0, $"approve exited {exitCode}: {output}");

            await Expect(panel.GetByTestId("command-status")).ToHaveTextAsync("succeeded");
            await Expect(panel.GetByRole(AriaRole.Log, new() { Name = "Output" })).ToContainTextAsync("consented-from-console");
            await Expect(banner).ToBeHiddenAsync();
            await Expect(page.GetByTestId("approval-state")).ToHaveTextAsync("granted");
            await Expect(page.GetByTestId("grant-expires")).ToBeVisibleAsync();
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.PutAsJsonAsync($"/api/v1/endpoints/{machine}/approval-policy", new { policy = "none" })).StatusCode);
        }
    }

    [Fact]
    public async Task ShareTranscript_MasksThePattern_ForALoggedOutReader_AndRevokeTakesTheLinkDown()
    {
        var machine = fixture.AgentEndpoints[1];
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.Url($"/machines/{machine}"));
        await page.GetByLabel("Script", new() { Exact = true }).FillAsync("echo token=s3cr3t; echo visible-line");
        await page.GetByLabel("Timeout (seconds)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        await Expect(page.Locator("#current-panel").GetByTestId("command-status")).ToHaveTextAsync("succeeded");

        var share = page.GetByRole(AriaRole.Form, new() { Name = "Share transcript" });
        await share.GetByLabel("Redaction pattern").FillAsync("s3cr3t");
        await Expect(share.GetByLabel("Expires in (hours)")).ToHaveValueAsync("24");
        await share.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Share link" });
        await Expect(link).ToBeVisibleAsync();
        var shareUrl = await link.GetAttributeAsync("href");
        Assert.NotNull(shareUrl);
        Assert.Contains("/share/", shareUrl, StringComparison.Ordinal);
        await ConsoleScreenshots.SaveAsync(page, "machine-share");

        var reader = await fixture.NewPageAsync();
        Assert.Empty(await reader.Context.CookiesAsync());
        var opened = await reader.GotoAsync(shareUrl);
        Assert.Equal(200, opened!.Status);
        var body = reader.Locator("body");
        await Expect(body).ToContainTextAsync("visible-line");
        await Expect(body).ToContainTextAsync("token=[redacted]");
        Assert.DoesNotContain("s3cr3t", await reader.ContentAsync(), StringComparison.Ordinal);
        await reader.Context.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("#share-status")).ToContainTextAsync("revoked");
        await Expect(link).ToHaveCountAsync(0);

        var fresh = await fixture.NewPageAsync();
        var gone = await fresh.GotoAsync(shareUrl);
        Assert.Equal(404, gone!.Status);
        await fresh.Context.CloseAsync();
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(shareUrl)).StatusCode);
    }

    private static async Task WaitForFileAsync(string path)
    {
        async Task PollAsync()
        {
            while (!File.Exists(path))
                await Task.Delay(100);
        }
        await PollAsync().Within($"the agent to store the consent request in {path}", TimeSpan.FromSeconds(60));
    }

    /// <summary>Expects a status on the page; when it does not come, the failure tells what the API says about the command.</summary>
    private async Task ExpectStatusAsync(ILocator status, string commandId, string expected)
    {
        try
        {
            await Expect(status).ToHaveTextAsync(expected);
        }
        catch (PlaywrightException e)
        {
            var view = await fixture.Admin.GetStringAsync($"/api/v1/commands/{commandId}");
            Assert.Fail($"Expected command {commandId} to show '{expected}' on the page. The API says: {view}{Environment.NewLine}{e.Message}");
        }
    }

    private static ILocator Row(IPage page, string endpointId) => page.Locator($"tr[data-endpoint-id='{endpointId}']");
}
