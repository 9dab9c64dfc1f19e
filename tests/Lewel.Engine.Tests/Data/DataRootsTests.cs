using Lewel.Engine.Data;
using Lewel.Paths;

namespace Lewel.Engine.Tests.Data;

public sealed class DataRootsTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly TempDirectory outside = new();
    private DataRoots Roots => new([root.Path]);

    public void Dispose()
    {
        root.Dispose();
        outside.Dispose();
    }

    [Theory]
    [InlineData("folder:/etc")]
    [InlineData("folder:/root")]
    [InlineData("folder:/root/.ssh")]
    [InlineData("idx:/etc/passwd")]
    [InlineData("cifar10:/proc/self")]
    [InlineData("stl10:/")]
    [InlineData("cifar100:/no/such/folder")]
    public void Open_APathOutsideTheRoots_IsRefusedNamingTheRoots(string spec)
    {
        var e = Assert.Throws<DatasetException>(() => DatasetCatalog.Open(spec, new DatasetOpenOptions { DataRoots = Roots }));
        Assert.Contains("is not under a data root", e.Message);
        Assert.Contains(root.Path, e.Message);
        Assert.Contains("Lewel:DataRoots", e.Message);
        Assert.DoesNotContain("exist", e.Message);
    }

    [Fact]
    public void Open_ExistingAndMissingPathsOutside_GetTheSameWordsSoNothingIsRevealed()
    {
        string Message(string path) => Assert.Throws<DatasetException>(() => DatasetCatalog.Open($"folder:{path}", new DatasetOpenOptions { DataRoots = Roots }))
            .Message.Replace(path, "PATH");
        Assert.Equal(Message("/etc"), Message("/etc-that-does-not-exist"));
    }

    [Fact]
    public void Open_RelativePathsAndDotDotThatEscapeTheRoot_AreRefused()
    {
        Directory.CreateDirectory(Path.Combine(root.Path, "inner"));
        Assert.Null(DatasetCatalog.SpecError($"folder:{root.Path}/inner/../inner", Roots));
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError($"folder:{root.Path}/inner/../../{Path.GetFileName(outside.Path)}", Roots));
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError("folder:../..", Roots));   // against the working directory
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError("folder:relative/images", Roots));
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError($"folder:{root.Path}-sibling", Roots)); // a prefix is not a parent
    }

    [Fact]
    public void Open_ASymlinkUnderTheRootThatLeadsOutside_IsRefused_AndOneThatStaysInside_IsFollowed()
    {
        Directory.CreateDirectory(Path.Combine(outside.Path, "cat"));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "escape"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "etc-link"), "/etc");
        Directory.CreateDirectory(Path.Combine(root.Path, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "alias"), Path.Combine(root.Path, "real"));

        Assert.Contains("is not under a data root", DatasetCatalog.SpecError($"folder:{root.Path}/escape", Roots));
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError($"folder:{root.Path}/escape/cat", Roots));
        Assert.Contains("is not under a data root", DatasetCatalog.SpecError($"idx:{root.Path}/etc-link/passwd", Roots));
        Assert.Null(DatasetCatalog.SpecError($"folder:{root.Path}/alias", Roots));
        Assert.Equal(Path.Combine(root.Path, "real"), Roots.Resolve("folder", $"{root.Path}/alias"));
    }

    [Fact]
    public void SpecError_WithoutRoots_ChecksSyntaxOnly_AndShapesNeedNoRoot()
    {
        Assert.Null(DatasetCatalog.SpecError("folder:/etc"));
        Assert.Null(DatasetCatalog.SpecError("shapes:size=16,n=10", Roots));
        Assert.Contains("limit", DatasetCatalog.SpecError("shapes:size=512,n=2000000"));
    }

    [Fact]
    public void Roots_ThemselvesBehindALink_AreCompared_ByTheirRealPath()
    {
        var link = Path.Combine(outside.Path, "root-link");
        Directory.CreateSymbolicLink(link, root.Path);
        var roots = new DataRoots([link]);
        Assert.Equal([root.Path], roots.Roots);
        Assert.Null(DatasetCatalog.SpecError($"folder:{root.Path}", roots));
    }
}
