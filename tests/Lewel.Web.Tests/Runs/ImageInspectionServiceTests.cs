using Lewel.Engine.Settings;
using Lewel.Web.Jobs;
using Lewel.Web.Jobs.Processes;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Runs;

public class ImageInspectionServiceTests
{
    [Theory]
    [InlineData("photo.gif", "image/gif", 100, "upload a PNG, JPEG or WebP image")]
    [InlineData("photo.png", "image/png", 0, "is empty")]
    [InlineData("photo.png", "image/png", 9 * 1024 * 1024, "the limit is 8 MB")]
    public void UploadError_RefusesWrongTypesAndSizes(string name, string type, long size, string expected) =>
        Assert.Contains(expected, ImageInspectionService.UploadError(name, type, size));

    [Fact]
    public void UploadError_AcceptsAJpeg() => Assert.Null(ImageInspectionService.UploadError("a.jpg", "image/jpeg", 1000));

    [Theory]
    [InlineData("weights.zip", "is not a checkpoint format")]
    [InlineData("lewel.pth", null)]
    [InlineData("lewel.safetensors", null)]
    public void ImportError_ChecksTheFormatByExtension(string name, string? expected)
    {
        var error = ImageInspectionService.ImportError(name, 1000);
        if (expected is null) Assert.Null(error);
        else Assert.Contains(expected, error);
    }

    private static readonly JobSupervisor Supervisor = new(new JobsOptions(), new RunProcessRegistry(), TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<JobSupervisor>.Instance);

    [Fact]
    public async Task ImportAsync_StoresTheFileUnderASafeNameAndListsIt()
    {
        await using var services = await StoreServices.CreateAsync();
        var inspection = new ImageInspectionService(services.Directory, services.Runs, services.Artifacts, Supervisor, new LewelSettings { DataDir = services.Directory.Root });

        var imported = await inspection.ImportAsync(new MemoryStream([1, 2, 3]), "../../LEWEL b 200ep.pth");

        Assert.Equal("imports/LEWEL_b_200ep.pth", imported.RelativePath);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(inspection.ImportsDirectory, "LEWEL_b_200ep.pth")));
        var listed = Assert.Single(await inspection.ListAsync());
        Assert.Equal(imported.Key, listed.Key);
        Assert.Null(listed.RunId);
    }

    [Fact]
    public async Task ImportAsync_NotACheckpointFormat_IsRefusedBeforeWriting()
    {
        await using var services = await StoreServices.CreateAsync();
        var inspection = new ImageInspectionService(services.Directory, services.Runs, services.Artifacts, Supervisor, new LewelSettings { DataDir = services.Directory.Root });
        await Assert.ThrowsAsync<ArgumentException>(() => inspection.ImportAsync(new MemoryStream([1]), "notes.txt"));
        Assert.False(Directory.Exists(inspection.ImportsDirectory));
    }
}
