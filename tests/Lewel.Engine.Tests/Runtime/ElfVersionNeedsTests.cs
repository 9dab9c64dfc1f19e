using Lewel.Engine.Runtime;

namespace Lewel.Engine.Tests.Runtime;

public class ElfVersionNeedsTests
{
    private static string PristineShim()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(cache, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void WeakeningMarksExactlyTheOneGlibcxx332RequirementAndIsIdempotent()
    {
        var path = PristineShim();
        Assert.True(File.Exists(path), $"the TorchSharp package's shim is expected at {path}");
        var bytes = File.ReadAllBytes(path);
        Assert.True(ElfVersionNeeds.HasStrongRequirement(bytes, "GLIBCXX_3.4.32"));

        Assert.Equal(1, ElfVersionNeeds.Weaken(bytes, "GLIBCXX_3.4.32"));
        Assert.False(ElfVersionNeeds.HasStrongRequirement(bytes, "GLIBCXX_3.4.32"));
        Assert.Equal(0, ElfVersionNeeds.Weaken(bytes, "GLIBCXX_3.4.32"));
        Assert.Equal(File.ReadAllBytes(path).Length, bytes.Length);
    }

    [Fact]
    public void NonElfInputIsLeftAlone()
    {
        var bytes = "not an ELF file at all, just text padding it past sixty-four bytes....."u8.ToArray();
        var copy = bytes.ToArray();
        Assert.Equal(0, ElfVersionNeeds.Weaken(bytes, "GLIBCXX_3.4.32"));
        Assert.Equal(copy, bytes);
    }
}
