using SkiaSharp;

namespace Lewel.Engine.Rendering;

/// <summary>Cells of equal size in rows, with padding between them and an optional caption strip under each cell.</summary>
public sealed record GridLayout(int Columns, int Rows, int CellWidth, int CellHeight, int Padding = 4, int CaptionHeight = 0)
{
    /// <summary>The fewest rows that hold <paramref name="count"/> cells at <paramref name="columns"/> per row.</summary>
    public static GridLayout ForCount(int count, int columns, int cellWidth, int cellHeight, int padding = 4, int captionHeight = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var cols = Math.Max(1, Math.Min(columns, count));
        return new GridLayout(cols, Math.Max(1, (count + cols - 1) / cols), cellWidth, cellHeight, padding, captionHeight);
    }

    public int Width => Padding + Columns * (CellWidth + Padding);
    public int Height => Padding + Rows * (CellHeight + CaptionHeight + Padding);

    /// <summary>The image rectangle of cell <paramref name="index"/> (row-major).</summary>
    public SKRect Cell(int index)
    {
        int column = index % Columns, row = index / Columns;
        return SKRect.Create(Padding + column * (CellWidth + Padding), Padding + row * (CellHeight + CaptionHeight + Padding),
            CellWidth, CellHeight);
    }

    /// <summary>The top-left corner of the caption strip under cell <paramref name="index"/>.</summary>
    public SKPoint CaptionOrigin(int index)
    {
        var cell = Cell(index);
        return new SKPoint(cell.Left, cell.Bottom + 1);
    }
}
