namespace Lewel.Engine.Models.Backbones;

/// <summary>The first layer of a ResNet.</summary>
public enum ResNetStem
{
    /// <summary>torchvision's 7×7 stride-2 conv followed by a 3×3 stride-2 max-pool (224 px inputs).</summary>
    ImageNet,
    /// <summary>A 3×3 stride-1 conv with no max-pool (32–96 px inputs, solo-learn's CIFAR stem).</summary>
    Small,
}

public static class ResNetStems
{
    public const string ImageNetId = "imagenet";
    public const string SmallId = "small";
    public static readonly IReadOnlyList<string> Ids = [SmallId, ImageNetId];

    public static bool TryParse(string? id, out ResNetStem stem)
    {
        switch (id)
        {
            case ImageNetId: stem = ResNetStem.ImageNet; return true;
            case SmallId: stem = ResNetStem.Small; return true;
            default: stem = default; return false;
        }
    }

    public static ResNetStem Parse(string id) => TryParse(id, out var stem)
        ? stem
        : throw new ArgumentException($"Unknown stem '{id}': expected one of {string.Join(", ", Ids)}.", nameof(id));
}
