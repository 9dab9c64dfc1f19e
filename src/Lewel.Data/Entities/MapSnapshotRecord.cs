namespace Lewel.Data.Entities;

/// <summary>Alignment maps of one probe image at one step. Every path is relative to the data directory; crop boxes
/// are [x0, y0, x1, y1] in original-image pixels.</summary>
public sealed class MapSnapshotRecord
{
    private MapSnapshotRecord() { }

    public MapSnapshotRecord(long runId, int step, int probeIndex, int datasetIndex, int numHeads,
        IEnumerable<string> headPngPaths, string originalPngPath, string view1PngPath, string view2PngPath,
        string rawMapsPath, IEnumerable<float> view1Box, IEnumerable<float> view2Box, bool view1Flipped, bool view2Flipped,
        DateTime time)
    {
        RunId = runId;
        Step = step;
        ProbeIndex = probeIndex;
        DatasetIndex = datasetIndex;
        NumHeads = numHeads;
        HeadPngPaths = [.. headPngPaths];
        OriginalPngPath = originalPngPath;
        View1PngPath = view1PngPath;
        View2PngPath = view2PngPath;
        RawMapsPath = rawMapsPath;
        View1Box = [.. view1Box];
        View2Box = [.. view2Box];
        View1Flipped = view1Flipped;
        View2Flipped = view2Flipped;
        Time = time;
    }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public int Step { get; private set; }
    public int ProbeIndex { get; private set; }
    public int DatasetIndex { get; private set; }
    public int NumHeads { get; private set; }
    public List<string> HeadPngPaths { get; private set; } = [];
    public string OriginalPngPath { get; private set; } = "";
    public string View1PngPath { get; private set; } = "";
    public string View2PngPath { get; private set; } = "";
    public string RawMapsPath { get; private set; } = "";
    public List<float> View1Box { get; private set; } = [];
    public List<float> View2Box { get; private set; } = [];
    public bool View1Flipped { get; private set; }
    public bool View2Flipped { get; private set; }
    public DateTime Time { get; private set; }
}
