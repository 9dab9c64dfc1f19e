using Lewel.Engine.Rendering;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>A probe image of the test split as the map snapshots see it: the original and two augmented views drawn with
/// a generator fixed per probe (so they are the same at every step), each as a displayable image and as a normalised
/// (1, 3, S, S) network input. Boxes are [x0, y0, x1, y1] in original-image pixels.</summary>
public sealed record ProbeImage(int DatasetIndex, RgbImage Original, Tensor OriginalInput,
    RgbImage View1, Tensor View1Input, float[] View1Box, bool View1Flipped,
    RgbImage View2, Tensor View2Input, float[] View2Box, bool View2Flipped) : IDisposable
{
    public void Dispose()
    {
        OriginalInput.Dispose();
        View1Input.Dispose();
        View2Input.Dispose();
    }
}
