using System.Diagnostics;
using System.Runtime.Versioning;
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
    [SupportedOSPlatform("linux")]
    public void WeakenFileRewritesOnlyWhenSomethingChangesAndKeepsThePermissions()
    {
        var dir = Directory.CreateTempSubdirectory("lewel-elf-").FullName;
        try
        {
            var shim = Path.Combine(dir, "libLibTorchSharp.so");
            File.Copy(PristineShim(), shim);
            var mode = File.GetUnixFileMode(shim);
            Assert.Equal(1, ElfVersionNeeds.WeakenFile(shim, "GLIBCXX_3.4.32"));
            Assert.False(ElfVersionNeeds.HasStrongRequirement(File.ReadAllBytes(shim), "GLIBCXX_3.4.32"));
            Assert.Equal(mode, File.GetUnixFileMode(shim));
            var written = File.GetLastWriteTimeUtc(shim);

            Assert.Equal(0, ElfVersionNeeds.WeakenFile(shim, "GLIBCXX_3.4.32"));
            Assert.Equal(0, ElfVersionNeeds.WeakenFile(Path.Combine(dir, "absent.so"), "GLIBCXX_3.4.32"));
            Assert.Equal(written, File.GetLastWriteTimeUtc(shim));
            Assert.Equal(["libLibTorchSharp.so"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>build/TorchSharpNativeFix.targets compiles ElfVersionNeeds.cs into its inline task: run that task on a
    /// copy of the package's shim and expect exactly the bytes of the run-time patch.</summary>
    [Fact]
    public void TheBuildTaskCompiledFromTheSameSourceWeakensTheShim()
    {
        var dir = Directory.CreateTempSubdirectory("lewel-elf-build-").FullName;
        try
        {
            var shim = Path.Combine(dir, "libLibTorchSharp.so");
            File.Copy(PristineShim(), shim);
            var project = Path.Combine(dir, "patch.proj");
            var targets = Path.Combine(RepoRoot(), "build", "TorchSharpNativeFix.targets");
            File.WriteAllText(project, $"""
                <Project>
                  <Import Project="{targets}" />
                  <Target Name="Patch">
                    <WeakenElfVersionNeed Files="{shim};{Path.Combine(dir, "absent.so")}" Version="GLIBCXX_3.4.32" />
                  </Target>
                </Project>
                """);

            var first = MsBuild(project);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("Weakened GLIBCXX_3.4.32 requirement in " + shim, first.Output);
            var expected = File.ReadAllBytes(PristineShim());
            ElfVersionNeeds.Weaken(expected, "GLIBCXX_3.4.32");
            Assert.Equal(expected, File.ReadAllBytes(shim));

            var second = MsBuild(project);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.DoesNotContain("Weakened", second.Output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void NonElfInputIsLeftAlone()
    {
        var bytes = "not an ELF file at all, just text padding it past sixty-four bytes....."u8.ToArray();
        var copy = bytes.ToArray();
        Assert.Equal(0, ElfVersionNeeds.Weaken(bytes, "GLIBCXX_3.4.32"));
        Assert.Equal(copy, bytes);
    }

    private static (int ExitCode, string Output) MsBuild(string project)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "msbuild", project, "-t:Patch", "-nologo", "-v:m", "-nodeReuse:false" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet msbuild {project} did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lewel.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("no Lewel.sln above " + AppContext.BaseDirectory);
    }
}
