namespace Lewel.Engine.Data.Shapes;

/// <summary>The classes of the <c>shapes</c> data set, in label order.</summary>
public enum ShapeKind { Disc, Square, Triangle, Star, Cross, Ring, Diamond, Hexagon, Crescent, Heart }

public static class ShapeKinds
{
    public static readonly IReadOnlyList<string> ClassNames =
        ["disc", "square", "triangle", "star", "cross", "ring", "diamond", "hexagon", "crescent", "heart"];

    public static int Count => ClassNames.Count;
}
