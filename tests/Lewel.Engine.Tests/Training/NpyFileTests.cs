using Lewel.Engine.Training.Snapshots;

namespace Lewel.Engine.Tests.Training;

public class NpyFileTests
{
    [Fact]
    public void WriteFloat32_RoundTripsWithAHeaderAlignedTo64Bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => i * 0.5f - 3).ToArray();
            using (var stream = File.Create(path)) NpyFile.WriteFloat32(stream, [2, 3, 4], values);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal(0, (10 + BitConverter.ToUInt16(bytes, 8)) % 64);
            Assert.Contains("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", System.Text.Encoding.ASCII.GetString(bytes));
            var (shape, read) = NpyFile.ReadFloat32(path);
            Assert.Equal([2, 3, 4], shape);
            Assert.Equal(values, read);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriteFloat32_ShapeThatDoesNotFitTheValues_IsRejected() =>
        Assert.Throws<ArgumentException>(() => NpyFile.WriteFloat32(Stream.Null, [2, 2], new float[3]));
}
