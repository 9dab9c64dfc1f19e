namespace Lewel.Engine.Augment;

/// <summary>A separable interpolation kernel: its weight function, how many taps it reaches on each side, and whether
/// the sample position is clamped to the crop first (PyTorch's bilinear resize clamps it, its bicubic resize does not).</summary>
internal sealed record ResamplingKernel(Func<double, double> Weight, int Radius, bool ClampPosition)
{
    public static readonly ResamplingKernel Linear = new(x => Math.Max(0, 1 - Math.Abs(x)), 1, true);

    /// <summary>PyTorch's cubic convolution with A = −0.75.</summary>
    public static readonly ResamplingKernel Cubic = new(CubicWeight, 2, false);

    internal static double CubicWeight(double x)
    {
        const double a = -0.75;
        x = Math.Abs(x);
        return x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
            : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
            : 0;
    }
}
