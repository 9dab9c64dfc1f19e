namespace Lewel.Engine.Tests.Interop;

/// <summary>One small official-layout checkpoint (ResNet-18 width 1/8, small stem, hidden 8, K = 8) and its 32 px probe
/// image, made once per test class: <c>tiny.pth</c> and <c>probe32.png</c> in <see cref="Directory"/>.</summary>
public sealed class TinyOfficialCheckpoint : IDisposable
{
    public TinyOfficialCheckpoint() => OfficialCheckpoint.Make(Directory, "tiny.pth", depth: 18, width: 0.125, hidden: 8, dim: 8);

    public TempDirectory Directory { get; } = new();
    public string Path => Directory.File("tiny.pth");
    public string Probe => Directory.File("probe32.png");

    public void Dispose() => Directory.Dispose();
}
