namespace Lewel.Engine.Data.Shapes;

/// <summary>Class names of the <c>shapes</c> data set, indexed by <see cref="ShapeKind"/>.</summary>
public static class ShapeKinds
{
    public static readonly IReadOnlyList<string> ClassNames =
        ["disc", "square", "triangle", "star", "cross", "ring", "diamond", "hexagon", "crescent", "heart"];

    public static int Count => ClassNames.Count;
}
