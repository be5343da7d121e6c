using Microsoft.Playwright;

namespace Caisey.Tests.Console;

/// <summary>Screenshots of console pages, taken by the browser tests at their key moments.</summary>
/// <remarks>They go to <c>CAISEY_SCREENSHOT_DIR</c> when set (the docs use
/// <c>CAISEY_SCREENSHOT_DIR=$PWD/docs/screenshots dotnet test --filter FullyQualifiedName~Caisey.Tests.Console</c>),
/// else to <c>screenshots/</c> beside the test binaries.</remarks>
public static class ConsoleScreenshots
{
    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("CAISEY_SCREENSHOT_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
    }
}
