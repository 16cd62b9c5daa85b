using Microsoft.Playwright;

namespace SpatialMe.Host.Tests;

/// <summary>
/// PNG screenshots of the dashboard as the browser tests see it, written to <c>screenshots/</c> beside the test
/// assembly (or to <c>SPATIALME_SCREENSHOTS</c>): a failing run shows what the page looked like, and docs/dashboard.md's
/// pictures are copied from a passing run.
/// </summary>
internal static class Screenshots
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("SPATIALME_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task TakeAsync(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = fullPage });
    }
}
