using System.Diagnostics;
using Lewel.Engine.Settings;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Runs;

/// <summary>The inspect page's uploads are checked by their bytes before any child process starts.</summary>
public class InspectionUploadTests
{
    private static readonly JobSupervisor Supervisor = new(new JobsOptions(), new RunProcessRegistry(), TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<JobSupervisor>.Instance);

    [Fact]
    public async Task Inspect_ADecompressionBomb_IsRefusedFromItsHeaderWithinASecond()
    {
        await using var services = await StoreServices.CreateAsync();
        var inspection = new ImageInspectionService(services.Directory, services.Runs, services.Artifacts, Supervisor, new LewelSettings { DataDir = services.Directory.Root });
        var bomb = HostileImages.PngBomb();
        Assert.Null(ImageInspectionService.UploadError("bomb.png", "image/png", bomb.Length)); // small enough by size alone
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            inspection.InspectAsync(new InspectableCheckpoint("import:x.pth", "x", "imports/x.pth", null, null, null), bomb, "bomb.png"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Contains("bomb.png: 20000×20000 is 400 megapixels, above the limit of 40 megapixels", e.Message);
        Assert.False(Directory.Exists(Path.Combine(services.Directory.Root, ImageInspectionService.InspectionsFolder)));
    }

    [Fact]
    public async Task ContentError_ANonImageWithAnImageContentType_IsNamedByItsBytes_AndTheLimitIsConfigurable()
    {
        await using var services = await StoreServices.CreateAsync();
        var settings = new LewelSettings { DataDir = services.Directory.Root, MaxImageMegapixels = 0.0001 };   // 100 pixels
        var inspection = new ImageInspectionService(services.Directory, services.Runs, services.Artifacts, Supervisor, settings);
        Assert.Equal("script.png: not an image (expected PNG, JPEG or WebP)", inspection.ContentError(HostileImages.NotAnImage(), "script.png"));
        Assert.Contains("above the limit of 0.0001 megapixels", inspection.ContentError(HostileImages.PngBomb(11, 10), "a.png"));
        Assert.Null(inspection.ContentError(HostileImages.PngBomb(10, 10), "a.png"));
    }
}
