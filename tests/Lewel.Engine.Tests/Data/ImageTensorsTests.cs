using Lewel.Engine.Data;

namespace Lewel.Engine.Tests.Data;

public class ImageTensorsTests
{
    [Fact]
    public void FromDataset_IsTheBytesOver255InChannelFirstOrder_AndToRgbInvertsIt()
    {
        var splits = DatasetCatalog.Open("shapes:size=16,n=10,seed=1,test=10");
        using var images = ImageTensors.FromDataset(splits.Train, [3, 1]);
        Assert.Equal(new long[] { 2, 3, 16, 16 }, images.shape);
        var rgb = new byte[16 * 16 * 3];
        splits.Train.CopyImage(1, rgb);
        Assert.Equal(rgb[(2 * 16 + 11) * 3 + 2] / 255f, images[1, 2, 2, 11].item<float>(), 6);
        Assert.Equal(rgb, ImageTensors.ToRgb(images[1]));
    }
}
