using System.Globalization;

namespace Lewel.Engine.Tests.Interop;

/// <summary>Builds a small random LEWEL_B checkpoint in the official PyTorch layout with tests/interop/lewel_reference.py,
/// plus a probe image and the Python forward pass on it (<c>{first name}.json</c>).</summary>
public static class OfficialCheckpoint
{
    /// <param name="names">One or more files (.pth, .pt, .safetensors) that all receive the same weights.</param>
    public static string Make(TempDirectory dir, string[] names, int depth, double width, int hidden, int dim, int heads = 4,
        double scale = 1.0, string stem = "small", int size = 32, int seed = 0)
    {
        var image = dir.File($"probe{size}.png");
        if (!File.Exists(image)) TestImages.WriteNoisePng(image, size, size, seed: 5);
        var dump = dir.File(names[0] + ".json");
        PythonReference.Run("lewel_reference.py", ["make-official", "--image", image, "--dump", dump,
            "--depth", depth.ToString(CultureInfo.InvariantCulture), "--width", width.ToString(CultureInfo.InvariantCulture),
            "--stem", stem, "--hidden", hidden.ToString(CultureInfo.InvariantCulture), "--dim", dim.ToString(CultureInfo.InvariantCulture),
            "--heads", heads.ToString(CultureInfo.InvariantCulture), "--scale", scale.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", .. names.Select(dir.File)]);
        return dump;
    }
}
