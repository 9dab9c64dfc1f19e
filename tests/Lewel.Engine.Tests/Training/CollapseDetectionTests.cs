using Lewel.Engine.Config;
using Lewel.Engine.Losses;
using Lewel.Engine.Methods;
using Lewel.Engine.Models.Networks;
using Lewel.Engine.Tests.TestSupport;
using Lewel.Engine.Tests.Training.Fakes;
using Lewel.Engine.Training;
using Lewel.Engine.Training.Events;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Training;

/// <summary>The collapse warnings on runs that really collapse, trained through the whole loop on the generated shapes
/// set at unit-test size (ResNet-18 at width 1/16, 16 px, batch 8, the kNN monitor every epoch), and on a healthy run
/// that must not warn. The health values of every report are written to the test output.</summary>
[Collection(SerialTorchCollection.Name)]
public sealed class CollapseDetectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempRunRoot temp = new();

    public void Dispose() => temp.Dispose();

    private static RunConfig Config(string method, int steps, double baseLr)
    {
        var tiny = TinyConfigs.For(method);
        return tiny with
        {
            Dataset = "shapes:size=16,n=64,seed=3,test=16",
            Steps = steps,
            Seed = 5,
            Optimizer = tiny.Optimizer with { BaseLr = baseLr },
            Monitor = new MonitorConfig
            {
                KnnEveryEpochs = 1, KnnK = 5, ProbeIndices = [0], SnapshotEverySteps = 0, CheckpointEverySteps = 0, HealthEverySteps = 4,
            },
        };
    }

    private RecordingObserver Train(RunConfig config, string name, Func<RunConfig, Device, IPretrainMethod>? createMethod = null)
    {
        var events = new RecordingObserver(e =>
        {
            var line = e switch
            {
                HealthReport h => $"{name} step {h.Step}: std {h.EmbeddingStd:G3} (1/√d {h.ExpectedStd:G3}) warn {h.CollapseWarning}",
                RankReport r => $"{name} step {r.Step}: rankme {r.RankMe:G4} / {r.MaxRank} warn {r.LowRankWarning}",
                StepCompleted { Step: 1 or 10 or 50 or 100 or 200 } s => $"{name} step {s.Step}: loss {s.Loss:G4} {DateTime.Now:HH:mm:ss}",
                _ => null,
            };
            if (line is not null) File.AppendAllText("/tmp/fid-collapse.txt", line + "\n");
        });
        var parts = StandardParts.Create(new PretrainOptions { DatasetCacheDir = temp.Run("datasets") });
        if (createMethod is not null) parts = parts with { CreateMethod = createMethod };
        var result = new Trainer(parts).Run(config, temp.Run(name), events, CancellationToken.None);
        Assert.True(result.Outcome == TrainingOutcome.Finished, result.Error);
        foreach (var e in events.Events)
        {
            if (e is HealthReport h) output.WriteLine($"{name} step {h.Step}: std {h.EmbeddingStd:G3} (1/√d {h.ExpectedStd:G3}) warn {h.CollapseWarning} {h.Warning}");
            if (e is RankReport r) output.WriteLine($"{name} step {r.Step}: rankme {r.RankMe:G4} / {r.MaxRank} warn {r.LowRankWarning}");
            if (e is StepCompleted { Step: 1 or 10 or 50 or 100 or 200 or 300 } s) output.WriteLine($"{name} step {s.Step}: loss {s.Loss:G4}");
        }
        return events;
    }

    [Fact]
    public void Explore()
    {
        Train(Config(MethodIds.Byol, 48, 1.0), "byol-no-predictor", (config, device) => new PredictorlessByol(config));
        Train(Config(MethodIds.MocoV2, 48, 200), "moco-lr200");
        Train(Config(MethodIds.Byol, 48, 1.0), "byol");
    }

    /// <summary>BYOL with its predictor removed: the online projection regresses the target projection directly, which
    /// the BYOL paper reports collapses (the trivial constant solution has zero loss).</summary>
    private sealed class PredictorlessByol : MomentumMethod<ProjectionNetwork>
    {
        public override string Id => MethodIds.Byol;
        public override string Description => "BYOL without its predictor (collapses)";

        public PredictorlessByol(RunConfig config)
            : base(nameof(PredictorlessByol), NetworkBuilder.Byol(config), NetworkBuilder.Byol(config), TargetUpdates.Parse(config.Target.Update))
        {
            RegisterComponents();
        }

        public override LossTerms Loss(Tensor view1, Tensor view2)
        {
            ApplyTargetMode();
            var z1 = online.call(view1);
            var z2 = online.call(view2);
            Tensor t1, t2;
            using (no_grad())
            {
                t1 = target.call(view1);
                t2 = target.call(view2);
            }
            var loss = NormalizedMse.Loss(z1, t2) + NormalizedMse.Loss(z2, t1);
            return new LossTerms(loss, loss.detach(), null, z1.detach(), null);
        }
    }
}
