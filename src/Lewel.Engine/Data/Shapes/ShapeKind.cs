namespace Lewel.Engine.Data.Shapes;

/// <summary>The classes of the <c>shapes</c> data set, in label order.</summary>
public enum ShapeKind { Disc, Square, Triangle, Star, Cross, Ring, Diamond, Hexagon, Crescent, Heart }
