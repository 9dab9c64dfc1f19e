namespace Lewel.Engine.Data.Shapes;

/// <summary>What surrounds the object in a <c>shapes</c> image.</summary>
public enum ShapesScene
{
    /// <summary>A textured background (noise, stripes or a gradient), distractor clutter, and an occluder over part of
    /// the object in about a quarter of the images.</summary>
    Cluttered,
    /// <summary>One flat background colour with light grain, nothing else: the object is the only thing in the picture.
    /// A data set that self-supervised training learns in minutes on a CPU (the quick trial's).</summary>
    Plain,
    /// <summary>A light object on a dark flat background with light grain, nothing else, and no colour: brightness,
    /// size, rotation and position vary per image, but what two crops of one image share is mostly the outline.</summary>
    Silhouette,
    /// <summary>The silhouette's light gray object on one dark background that is the same in every image (level 0.15,
    /// grain 0.03; only the grain's pixels differ): the background tells no image from another, so the object is the
    /// only thing two crops of one image share that others lack.</summary>
    Stencil,
}
