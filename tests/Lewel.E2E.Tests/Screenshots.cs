using Microsoft.Playwright;

namespace Lewel.E2E.Tests;

/// <summary>Saves full-page screenshots under <c>artifacts/screenshots/</c> at the repository root.</summary>
public static class Screenshots
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lewel.sln"))) dir = dir.Parent;
            var root = dir?.FullName ?? Path.GetTempPath();
            var folder = Path.Combine(root, "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static Task SaveAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = fullPage });
}
