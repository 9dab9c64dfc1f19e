using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;

namespace Lewel.Engine.Training;

/// <summary>
/// The files of one run. Event paths are relative to <see cref="Root"/>.
/// <list type="bullet">
/// <item><c>config.json</c>: the full resolved <see cref="RunConfig"/>, written before any work.</item>
/// <item><c>metrics.jsonl</c>: one object per optimiser step (<c>step</c>, <c>epoch</c>, <c>loss</c>, <c>loss_global</c>,
/// <c>loss_aligned</c> when the method has one, <c>lr</c>, <c>momentum</c>, <c>img_per_s</c>, <c>data_wait_s</c>,
/// <c>compute_s</c>).</item>
/// <item><c>health.jsonl</c>: one object per health report; <c>evaluations.jsonl</c>: one per evaluation result.</item>
/// <item><c>checkpoints/</c> (see <see cref="CheckpointStore"/>), <c>maps/{step:D7}/</c> (map snapshots),
/// <c>summary.json</c> (outcome and totals, rewritten at the end of every session), <c>log.txt</c>.</item>
/// </list>
/// </summary>
public sealed class RunDirectory(string root)
{
    public const string ConfigFile = "config.json";
    public const string MetricsFile = "metrics.jsonl";
    public const string HealthFile = "health.jsonl";
    public const string EvaluationsFile = "evaluations.jsonl";
    public const string SummaryFile = "summary.json";
    public const string LogFile = "log.txt";
    public const string CheckpointsFolder = "checkpoints";
    public const string MapsFolder = "maps";

    public string Root { get; } = Path.GetFullPath(root);

    public CheckpointStore Checkpoints => new(Path.Combine(Root, CheckpointsFolder));

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Folder of the map snapshot taken after <paramref name="step"/> steps, relative to the root.</summary>
    public static string MapsFolderFor(int step) => $"{MapsFolder}/{step:D7}";

    public bool HasConfig => File.Exists(PathOf(ConfigFile));

    public RunConfig ReadConfig()
    {
        var path = PathOf(ConfigFile);
        try
        {
            return RunConfig.FromJson(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ConfigException([new ConfigError("", $"{path} is not a valid run configuration: {e.Message}")]);
        }
    }

    public void WriteConfig(RunConfig config)
    {
        Directory.CreateDirectory(Root);
        AtomicFile.WriteAllText(PathOf(ConfigFile), config.ToJson() + "\n");
    }
}
