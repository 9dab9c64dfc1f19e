using Lewel.Data;
using Lewel.Data.Entities;
using Lewel.Data.Stores;
using System.Text.Json;
using Lewel.Engine.Config;
using Lewel.Engine.Hosting;
using Lewel.Engine.Rendering;
using Lewel.Engine.Training;
using Lewel.Web.Jobs.Processes;

namespace Lewel.Web.Runs;

/// <summary>A checkpoint the inspect page can load: one of a run's, or a file imported into <c>{DataDir}/imports</c>
/// (an official LEWEL <c>.pth</c>, any supported <c>.pt</c>/<c>.safetensors</c>).</summary>
public sealed record InspectableCheckpoint(string Key, string Label, string RelativePath, long? RunId, string? Method, int? Step);

/// <summary>The alignment maps of an uploaded image under one checkpoint, rendered per head.</summary>
public sealed record ImageInspectionResult(string ModelDescription, string Normalization, int InputSize, int NumMaps, int NumHeads,
    int MapHeight, int MapWidth, IReadOnlyList<byte[]> HeadPngs);

/// <summary>Renders an uploaded image's alignment maps under a chosen checkpoint (the engine's map inspector, run in a
/// child process).</summary>
public sealed class ImageInspectionService(DataDirectory dataDirectory, RunStore runs, ArtifactReader artifacts, JobSupervisor supervisor,
    Engine.Settings.LewelSettings settings)
{
    public const string InspectionsFolder = "inspections";
    private static readonly TimeSpan InspectionTimeout = TimeSpan.FromMinutes(2);
    public const string ImportsFolder = "imports";
    public const long MaxImageBytes = 8 * 1024 * 1024;
    public static readonly IReadOnlyList<string> ImageTypes = ["image/png", "image/jpeg", "image/webp"];
    private static readonly string[] ImportExtensions = [".pth", ".pt", ".tar", ".safetensors"];

    public const long MaxCheckpointBytes = 1024L * 1024 * 1024;

    public string ImportsDirectory => Path.Combine(dataDirectory.Root, ImportsFolder);

    /// <summary>Why an uploaded checkpoint file is refused before it is written, or null.</summary>
    public static string? ImportError(string fileName, long size)
    {
        if (FormatError(fileName) is { } format) return format;
        if (size <= 0) return $"{fileName} is empty";
        if (size > MaxCheckpointBytes) return $"{fileName} is {size / 1024.0 / 1024.0:0} MB; the limit is {MaxCheckpointBytes / 1024 / 1024} MB";
        return null;
    }

    private static string? FormatError(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return ImportExtensions.Contains(extension) ? null
            : $"{fileName}: '{extension}' is not a checkpoint format; use {string.Join(", ", ImportExtensions)}";
    }

    /// <summary>Stores an uploaded checkpoint in <see cref="ImportsDirectory"/> under a safe version of its name (an
    /// existing file of that name is replaced) and returns it as an inspectable checkpoint. The file is checked to be a
    /// readable checkpoint only when it is inspected.</summary>
    public async Task<InspectableCheckpoint> ImportAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        if (FormatError(fileName) is { } error) throw new ArgumentException(error, nameof(fileName));
        var safeName = string.Concat(Path.GetFileName(fileName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        if (safeName.Trim('.').Length == 0) throw new ArgumentException($"'{fileName}' is not a usable file name", nameof(fileName));
        Directory.CreateDirectory(ImportsDirectory);
        var target = Path.Combine(ImportsDirectory, safeName);
        var temporary = target + ".upload";
        await using (var file = File.Create(temporary))
            await content.CopyToAsync(file, cancellationToken);
        File.Move(temporary, target, overwrite: true);
        return new InspectableCheckpoint($"import:{safeName}", $"imported · {safeName}", $"{ImportsFolder}/{safeName}", null, null, null);
    }

    /// <summary>Checkpoints of LEWEL runs (newest first, the latest checkpoint of each), then imported files.</summary>
    public async Task<IReadOnlyList<InspectableCheckpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<InspectableCheckpoint>();
        var page = await runs.ListAsync(new RunFilter { Kind = RunKind.Pretrain, Take = 100 }, cancellationToken);
        foreach (var run in page.Items.Where(r => MethodIds.IsLewel(r.Method)))
        {
            var checkpoints = await artifacts.CheckpointsAsync(run.Id, cancellationToken);
            foreach (var checkpoint in checkpoints.OrderByDescending(c => c.Step).Take(3))
                result.Add(new InspectableCheckpoint($"run:{run.Id}:{checkpoint.FileName}", $"#{run.Id} {run.Name} · step {checkpoint.Step}",
                    checkpoint.RelativePath, run.Id, run.Method, checkpoint.Step));
        }
        if (Directory.Exists(ImportsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(ImportsDirectory).Where(f => ImportExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order())
            {
                var name = Path.GetFileName(file);
                result.Add(new InspectableCheckpoint($"import:{name}", $"imported · {name}", $"{ImportsFolder}/{name}", null, null, null));
            }
        }
        return result;
    }

    /// <summary>Checks the uploaded bytes before any work: an image by its magic bytes, and its header's pixel count
    /// against <c>Lewel:MaxImageMegapixels</c> (nothing is decoded). Null when acceptable, else the reason.</summary>
    public string? ContentError(byte[] image, string fileName)
    {
        try
        {
            ImageDecoder.ReadSize(image, fileName, settings.MaxImagePixels);
            return null;
        }
        catch (ImageDecodingException e)
        {
            return e.Message;
        }
    }

    /// <summary>Checks an upload before any work: size and declared type. Null when acceptable, else the reason.</summary>
    public static string? UploadError(string fileName, string contentType, long size)
    {
        if (size <= 0) return $"{fileName} is empty";
        if (size > MaxImageBytes) return $"{fileName} is {size / 1024.0 / 1024.0:0.#} MB; the limit is {MaxImageBytes / 1024 / 1024} MB";
        if (!ImageTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            return $"{fileName} is '{contentType}'; upload a PNG, JPEG or WebP image";
        return null;
    }

    /// <summary>The checkpoint's file; one that is (or lies behind) a link leading out of the data directory is refused.</summary>
    private string CheckpointPath(InspectableCheckpoint checkpoint)
    {
        try
        {
            return dataDirectory.Resolve(checkpoint.RelativePath);
        }
        catch (UnsafePathException)
        {
            throw new InvalidDataException($"{checkpoint.RelativePath} leads out of the data directory (a link?); copy the file itself into {ImportsFolder}");
        }
    }

    /// <summary>Loads the checkpoint, decodes the image and renders every head (its mean and its most peaked maps), in
    /// a child process of its own: a native crash on a strange image or checkpoint fails this inspection only.</summary>
    /// <exception cref="InvalidDataException">The image cannot be decoded, or the checkpoint cannot be inspected.</exception>
    public async Task<ImageInspectionResult> InspectAsync(InspectableCheckpoint checkpoint, byte[] image, string fileName,
        CancellationToken cancellationToken = default)
    {
        if (ContentError(image, fileName) is { } contentError) throw new InvalidDataException(contentError);
        var workDir = Path.Combine(dataDirectory.Root, InspectionsFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        try
        {
            var imagePath = Path.Combine(workDir, "image");
            await File.WriteAllBytesAsync(imagePath, image, cancellationToken);
            var outputDir = Path.Combine(workDir, "maps");
            var spec = new JobSpec
            {
                DatasetCacheDir = dataDirectory.DatasetsRoot,
                DataRoots = settings.ResolvedDataRoots,
                MaxImagePixels = settings.MaxImagePixels,
                Device = "cpu",
                Inspect = new InspectJobSpec(CheckpointPath(checkpoint), imagePath, fileName, outputDir),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InspectionTimeout);
            var supervised = await supervisor.RunAsync(new JobLaunch(0, spec, workDir, "inspection", ""), _ => { }, timeout.Token);
            if (supervised.Result.Outcome != TrainingOutcome.Finished)
                throw new InvalidDataException(supervised.Result.Error ?? $"the inspection did not finish within {InspectionTimeout.TotalSeconds:0} s");
            var summary = JsonSerializer.Deserialize<InspectionSummary>(await File.ReadAllTextAsync(Path.Combine(outputDir, InspectionSummary.FileName), cancellationToken), JobSpec.Json)
                ?? throw new InvalidDataException("the inspection wrote an empty summary");
            var heads = new List<byte[]>();
            foreach (var file in summary.HeadPngFiles) heads.Add(await File.ReadAllBytesAsync(Path.Combine(outputDir, file), cancellationToken));
            return new ImageInspectionResult(summary.ModelDescription, summary.Normalization, summary.InputSize, summary.NumMaps, summary.NumHeads,
                summary.MapHeight, summary.MapWidth, heads);
        }
        finally
        {
            try { Directory.Delete(workDir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
