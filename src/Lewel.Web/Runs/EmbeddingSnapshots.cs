using Lewel.Data;
using Lewel.Engine.Evaluation.Embeddings;

namespace Lewel.Web.Runs;

/// <summary>The embedding projections a run's kNN monitor wrote (<see cref="EmbeddingFiles"/>), as URLs under
/// <c>/files/</c> for the browser.</summary>
public sealed class EmbeddingSnapshots(DataDirectory dataDirectory)
{
    public EmbeddingListDto List(long runId)
    {
        var root = dataDirectory.RunDirectory(runId);
        var relativeRoot = DataDirectory.RelativeRunDirectory(runId);
        var steps = EmbeddingFiles.Steps(root);
        var thumbnails = File.Exists(Path.Combine(root, EmbeddingFiles.Folder, EmbeddingFiles.ThumbnailsFile));
        return new EmbeddingListDto(
            [.. steps.Select(s => new EmbeddingPointDto(s, MapSnapshotDto.FileUrl($"{relativeRoot}/{EmbeddingFiles.FileFor(s)}")))],
            thumbnails ? MapSnapshotDto.FileUrl($"{relativeRoot}/{EmbeddingFiles.Folder}/{EmbeddingFiles.ThumbnailsFile}") : null,
            thumbnails ? MapSnapshotDto.FileUrl($"{relativeRoot}/{EmbeddingFiles.Folder}/{EmbeddingFiles.ThumbnailsLayoutFile}") : null);
    }
}

/// <summary>The monitor points with a projection, ascending, and the thumbnail grid (null when none was written).</summary>
public sealed record EmbeddingListDto(IReadOnlyList<EmbeddingPointDto> Points, string? ThumbnailsUrl, string? ThumbnailsLayoutUrl);

public sealed record EmbeddingPointDto(int Step, string Url);
