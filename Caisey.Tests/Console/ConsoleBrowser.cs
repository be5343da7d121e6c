using Microsoft.Playwright;

namespace Caisey.Tests.Console;

/// <summary>Debian's Chromium driven by Playwright (never <c>playwright install</c>: the machines have no outside network).</summary>
public static class ConsoleBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Flags headless Chromium needs as root, without network chatter.</summary>
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>Launches Chromium, or fails (never skips) with what to install.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}, and the console's browser tests need it. " +
                "Install it with `apt-get install -y chromium` (./test.sh does so by default).");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = Args,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
