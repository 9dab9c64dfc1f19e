namespace Lewel.Engine.Tests.Training;

/// <summary>A temporary folder for run directories, removed after the test.</summary>
public sealed class TempRunRoot : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lewel-test-" + Guid.NewGuid().ToString("N"));

    public string Run(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
