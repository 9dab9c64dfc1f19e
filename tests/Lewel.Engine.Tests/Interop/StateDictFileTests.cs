using Lewel.Engine.Checkpoints;
using Lewel.Engine.Interop;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Interop;

public class StateDictFileTests
{
    [Theory]
    [InlineData("w.safetensors")]
    [InlineData("w.pt")]
    public void WriteThenRead_GivesTheSameTensors(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        using var a = randn(3, 4);
        using var b = arange(5L);
        using var c = tensor(7L);
        StateDictFile.Write(path, new Dictionary<string, Tensor> { ["a.weight"] = a, ["b.index"] = b, ["bn.num_batches_tracked"] = c },
            StateDictFile.FormatForExtension(path));
        using var read = StateDictFile.Read(path);
        Assert.Equal(["a.weight", "b.index", "bn.num_batches_tracked"], read.Keys.Order());
        Assert.True(read["a.weight"].allclose(a, 0, 0));
        Assert.True(read["b.index"].equal(b).all().item<bool>());
        Assert.Equal(7, read["bn.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var error = Assert.Throws<CheckpointException>(() => StateDictFile.Read("/nonexistent/ckpt.pth"));
        Assert.Contains("/nonexistent/ckpt.pth", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Read_TextFile_SaysItIsNeitherFormat()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("notes.pth"), "these are not weights at all");
        var error = Assert.Throws<CheckpointException>(() => StateDictFile.Read(dir.File("notes.pth")));
        Assert.Contains("none of these formats", error.Message);
    }

    [Fact]
    public void Read_LegacyPickle_ExplainsHowToResave()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("old.pth"), [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]);
        var error = Assert.Throws<CheckpointException>(() => StateDictFile.Read(dir.File("old.pth")));
        Assert.Contains("legacy", error.Message);
        Assert.Contains("torch.save", error.Message);
    }
}
