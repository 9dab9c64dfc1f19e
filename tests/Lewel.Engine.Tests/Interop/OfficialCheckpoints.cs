namespace Lewel.Engine.Tests.Interop;

/// <summary>Official-layout LEWEL_B checkpoints made once for the interop and inspection tests, with the PyTorch forward
/// pass of each on its probe image:
/// <c>r18.pth</c> and <c>r18.safetensors</c> (same weights; ResNet-18 width 1/8, small stem, C = 64, hidden 32, K = 16,
/// M = 4; <c>probe32.png</c>, <c>r18.pth.json</c>) and <c>r50.pth</c> (ResNet-50 width 1/16, ImageNet stem, C = 128,
/// hidden 16, K = 8, M = 4; <c>probe64.png</c>, <c>r50.pth.json</c>).</summary>
public sealed class OfficialCheckpoints : IDisposable
{
    public OfficialCheckpoints()
    {
        OfficialCheckpoint.Make(Directory, ["r18.pth", "r18.safetensors"], depth: 18, width: 0.125, hidden: 32, dim: 16);
        OfficialCheckpoint.Make(Directory, ["r50.pth"], depth: 50, width: 0.0625, hidden: 16, dim: 8, stem: "imagenet", size: 64);
    }

    public TempDirectory Directory { get; } = new();

    public string File(string name) => Directory.File(name);

    public void Dispose() => Directory.Dispose();
}
