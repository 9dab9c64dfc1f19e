namespace Lewel.Engine.Tests.Data.Readers;

/// <summary>Where Debian's dataset-fashion-mnist package put the files (scripts/test.sh installs it).</summary>
public static class FashionMnist
{
    public static string Directory()
    {
        foreach (var candidate in new[] { "/usr/share/datasets/fashion-mnist", "/usr/share/dataset-fashion-mnist" })
            if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz"))) return candidate;
        throw new InvalidOperationException("Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (scripts/test.sh does it as root)");
    }
}
