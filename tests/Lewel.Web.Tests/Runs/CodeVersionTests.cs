using Lewel.Web.Runs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace Lewel.Web.Tests.Runs;

public class CodeVersionTests
{
    private sealed class Environment(string root) : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = root;
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "test";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = root;
        public string EnvironmentName { get; set; } = "Test";
    }

    [Fact]
    public void Value_InsideAGitCheckout_IsTheCommit()
    {
        var repository = AppContext.BaseDirectory;
        while (repository is not null && !Directory.Exists(Path.Combine(repository, ".git")) && !File.Exists(Path.Combine(repository, ".git")))
            repository = Path.GetDirectoryName(repository);
        if (repository is null || System.Environment.GetEnvironmentVariable(CodeVersion.EnvironmentVariable) is not null) return;
        var value = new CodeVersion(new Environment(repository)).Value;
        Assert.Matches("^[0-9a-f]{12}$", value);
    }

    [Fact]
    public void Value_OutsideAnyCheckout_IsNull()
    {
        if (System.Environment.GetEnvironmentVariable(CodeVersion.EnvironmentVariable) is not null) return;
        var empty = Path.Combine(Path.GetTempPath(), "lewel-nogit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            Assert.Null(new CodeVersion(new Environment(empty)).Value);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
