namespace Lewel.Data.Tests;

public class DataDirectoryTests
{
    private readonly DataDirectory directory = new(Path.Combine(Path.GetTempPath(), "lewel-dd-" + Guid.NewGuid().ToString("N")));

    [Theory]
    [InlineData("../secret")]
    [InlineData("runs/1/../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("runs\\1\\x.png")]
    [InlineData("")]
    [InlineData("..")]
    public void Resolve_UnsafePath_Throws(string path)
    {
        var e = Assert.Throws<UnsafePathException>(() => directory.Resolve(path));
        Assert.Contains("not allowed", e.Message);
    }

    [Fact]
    public void Resolve_PathInside_ReturnsAbsolutePathUnderRoot()
    {
        Assert.Equal(Path.Combine(directory.Root, "runs", "1", "maps", "a.png"), directory.Resolve("runs/1/maps/a.png"));
        Assert.Equal(Path.Combine(directory.Root, "runs", "b"), directory.Resolve("runs/1/../b"));
    }

    [Fact]
    public void RunRelativeToDataRelative_PrefixesTheRunDirectory()
    {
        Assert.Equal("runs/3/maps/50/probe0_head0.png", DataDirectory.RunRelativeToDataRelative("runs/3", "maps/50/probe0_head0.png"));
        Assert.Throws<UnsafePathException>(() => DataDirectory.RunRelativeToDataRelative("runs/3", "../4/x"));
    }

    [Fact]
    public void MoveRunDirectoryAside_ThenPurge_RemovesTheFolder()
    {
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.RunDirectory(5), "maps"));
            File.WriteAllText(Path.Combine(directory.RunDirectory(5), "maps", "x.png"), "x");
            var moved = directory.MoveRunDirectoryAside(5);
            Assert.NotNull(moved);
            Assert.False(Directory.Exists(directory.RunDirectory(5)));
            Assert.Equal(1, directory.PurgeDeleted());
            Assert.False(Directory.Exists(moved));
            Assert.Null(directory.MoveRunDirectoryAside(6));
        }
        finally
        {
            Directory.Delete(directory.Root, recursive: true);
        }
    }
}
