namespace Lewel.Engine.Augment;

/// <summary>A crop rectangle in original-image pixels: [X0, X1) × [Y0, Y1), pixel edges at whole numbers.</summary>
public readonly record struct CropBox(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;
    public double Height => Y1 - Y0;

    public static CropBox Full(int height, int width) => new(0, 0, width, height);

    /// <summary>torchvision's RandomResizedCrop parameters: up to ten tries of an area fraction uniform in
    /// [<paramref name="scaleMin"/>, <paramref name="scaleMax"/>] and a log-uniform aspect ratio, keeping the first
    /// whose rounded size fits, then a position uniform over the valid offsets; otherwise a centre crop with the
    /// ratio clamped into range. <paramref name="areaDraws"/> and <paramref name="ratioDraws"/> hold one uniform [0, 1)
    /// number per try, <paramref name="top"/> and <paramref name="left"/> one each.</summary>
    public static CropBox RandomResized(int height, int width, double scaleMin, double scaleMax, double ratioMin, double ratioMax,
        ReadOnlySpan<double> areaDraws, ReadOnlySpan<double> ratioDraws, double top, double left)
    {
        double area = (double)height * width, logMin = Math.Log(ratioMin), logMax = Math.Log(ratioMax);
        for (var attempt = 0; attempt < areaDraws.Length; attempt++)
        {
            var targetArea = area * (scaleMin + (scaleMax - scaleMin) * areaDraws[attempt]);
            var aspect = Math.Exp(logMin + (logMax - logMin) * ratioDraws[attempt]);
            var w = (int)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            var h = (int)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (w <= 0 || w > width || h <= 0 || h > height) continue;
            var y = Math.Min((int)(top * (height - h + 1)), height - h);
            var x = Math.Min((int)(left * (width - w + 1)), width - w);
            return new CropBox(x, y, x + w, y + h);
        }
        int cropW = width, cropH = height;
        var inputRatio = (double)width / height;
        if (inputRatio < ratioMin) cropH = (int)Math.Round(cropW / ratioMin, MidpointRounding.ToEven);
        else if (inputRatio > ratioMax) cropW = (int)Math.Round(cropH * ratioMax, MidpointRounding.ToEven);
        int cy = (height - cropH) / 2, cx = (width - cropW) / 2;
        return new CropBox(cx, cy, cx + cropW, cy + cropH);
    }
}
