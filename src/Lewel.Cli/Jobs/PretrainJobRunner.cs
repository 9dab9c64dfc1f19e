using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Hosting;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;

namespace Lewel.Cli.Jobs;

/// <summary>A supervised pretraining run: writes the run directory exactly as <c>lewel pretrain</c> does and streams
/// every event to the supervisor.</summary>
internal static class PretrainJobRunner
{
    public static JobResult Run(JobSpec spec, PretrainJobSpec pretrain, WireObserver wire, CancellationToken stop)
    {
        var config = RunConfig.FromJson(pretrain.ConfigJson);
        using var files = new RunDirectoryWriter(pretrain.RunDir);
        var options = new PretrainOptions
        {
            DatasetCacheDir = spec.DatasetCacheDir,
            DataRoots = spec.DataRoots is null ? null : new DataRoots(spec.DataRoots),
            Device = spec.Device,
            EpochEvaluators = pretrain.KnnMonitor ? [new KnnEpochEvaluator()] : [],
        };
        var result = PretrainRunner.Run(config, pretrain.RunDir, new ObserverGroup(files, wire), stop, options);
        return new JobResult(result.Outcome, result.Step, result.Error);
    }
}
