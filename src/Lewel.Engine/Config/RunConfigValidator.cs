using Lewel.Engine.Methods;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Runtime;
using Lewel.Engine.Training.Optim;

namespace Lewel.Engine.Config;

/// <summary>Checks a whole <see cref="RunConfig"/> before any tensor exists and names every bad field by its camelCase
/// JSON path (<c>lewel.numHeads</c>, <c>augmentation.view2.solarizeProbability</c>).</summary>
public static class RunConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(RunConfig config) => Check(config).Errors;

    /// <summary>Each field on its own (types, ranges, bounds, what the network needs) without the rules about what the
    /// settings together mean (<see cref="RunConfigConsistency"/>): for configurations that already ran, such as a
    /// resumed run's or a checkpoint's, which must stay readable after a new contradiction rule.</summary>
    public static IReadOnlyList<ConfigError> ValidateFields(RunConfig config) => Check(config, consistency: false).Errors;

    /// <summary>The errors (the run cannot do what it says) and the warnings (legal but probably not meant).</summary>
    public static ConfigCheck Check(RunConfig config, bool consistency = true)
    {
        var errors = new List<ConfigError>();
        var warnings = new List<ConfigError>();
        void Fail(string path, string message) => errors.Add(new ConfigError(path, message));

        // JSON can null a section out; the checks below read every section.
        AugmentationConfig? augmentation = config.Augmentation;
        MonitorConfig? monitor = config.Monitor;
        var sections = new (string Path, object? Value)[]
        {
            ("heads", config.Heads), ("lewel", config.Lewel), ("moco", config.Moco), ("target", config.Target),
            ("optimizer", config.Optimizer), ("schedule", config.Schedule), ("augmentation", config.Augmentation),
            ("augmentation.view1", augmentation?.View1), ("augmentation.view2", augmentation?.View2),
            ("monitor", config.Monitor), ("monitor.probeIndices", monitor?.ProbeIndices),
        };
        foreach (var (path, value) in sections)
            if (value is null) Fail(path, "is missing (null): leave it out to keep the preset's value");
        foreach (var (path, value) in new (string, string?)[] { ("name", config.Name), ("preset", config.Preset), ("method", config.Method),
                     ("dataset", config.Dataset), ("backbone", config.Backbone), ("stem", config.Stem), ("device", config.Device) })
            if (value is null) Fail(path, "is missing (null): give a value or leave it out");
        if (errors.Count > 0) return new ConfigCheck(errors, warnings);
        foreach (var path in NonFiniteFields.In(config))
            Fail(path, "is not a finite number (NaN and ±Infinity are not accepted)");

        var method = MethodCatalog.Find(config.Method);
        if (method is null)
            Fail("method", $"'{config.Method}' is not a method: use one of {string.Join(", ", MethodIds.All)}");
        if (!Presets.Names.Contains(config.Preset))
            Fail("preset", $"'{config.Preset}' is not a preset: use one of {string.Join(", ", Presets.Names)}");
        else if (method is not null && !Presets.AppliesTo(config.Method, config.Preset))
            Fail("preset", $"'{config.Preset}' is a recipe for {string.Join(", ", Presets.MethodsOf(config.Preset))} only, not {config.Method}");
        if (string.IsNullOrWhiteSpace(config.Dataset))
            Fail("dataset", "is empty: give a data-set spec such as shapes:size=32,n=4096,seed=1 or cifar10:/path");
        else if (config.Dataset.Length > RunConfigLimits.MaxDatasetSpecLength)
            Fail("dataset", $"is {config.Dataset.Length} characters long; at most {RunConfigLimits.MaxDatasetSpecLength} are allowed");
        if (config.Device.Length > RunConfigLimits.MaxDeviceLength)
            Fail("device", $"is {config.Device.Length} characters long; a device is auto, cpu, cuda or cuda:N");
        else if (DeviceSelector.SyntaxError(config.Device) is { } deviceError)
            Fail("device", deviceError);
        if (config.Threads < 0)
            Fail("threads", $"{config.Threads} is negative: use 0 for libtorch's default or a positive count");
        else if (config.Threads > RunConfigLimits.MaxThreads)
            Fail("threads", AboveLimit(config.Threads, RunConfigLimits.MaxThreads, "CPU threads"));

        ValidateBackbone(config, Fail);
        ValidateLength(config, Fail);
        ValidateHeads(config, Fail);
        ValidateTarget(config.Target, Fail);
        ValidateOptimizer(config.Optimizer, Fail);
        ValidateSchedule(config, Fail);
        ValidateView(config.Augmentation.View1, "augmentation.view1", Fail);
        ValidateView(config.Augmentation.View2, "augmentation.view2", Fail);
        ValidateNormalisation(config.Augmentation.Mean, "augmentation.mean", positive: false, Fail);
        ValidateNormalisation(config.Augmentation.Std, "augmentation.std", positive: true, Fail);
        ValidateMonitor(config.Monitor, Fail);
        if (errors.Count == 0 && consistency) RunConfigConsistency.Check(config, Fail, (path, message) => warnings.Add(new ConfigError(path, message)));
        return new ConfigCheck(errors, warnings);
    }

    /// <summary>"{value} is above the limit of {max} {what}" — one wording for every bound.</summary>
    internal static string AboveLimit(double value, double max, string what) =>
        $"{value:G} is above the limit of {max:G} {what} (see docs/security.md for the limits)";

    /// <exception cref="ConfigException">Lists every error.</exception>
    public static void ThrowIfInvalid(RunConfig config)
    {
        var errors = Validate(config);
        if (errors.Count > 0) throw new ConfigException(errors);
    }

    /// <exception cref="ConfigException">Lists every error of <see cref="ValidateFields"/>.</exception>
    public static void ThrowIfFieldsInvalid(RunConfig config)
    {
        var errors = ValidateFields(config);
        if (errors.Count > 0) throw new ConfigException(errors);
    }

    private static void ValidateBackbone(RunConfig config, Action<string, string> fail)
    {
        var spec = ResNetSpec.Find(config.Backbone);
        if (spec is null)
            fail("backbone", $"'{config.Backbone}' is not a backbone: use one of {string.Join(", ", ResNetSpec.Ids)}");
        if (!Positive(config.Width))
            fail("width", $"{config.Width} is not a positive width multiplier");
        else if (config.Width > RunConfigLimits.MaxWidth)
            fail("width", AboveLimit(config.Width, RunConfigLimits.MaxWidth, "× the torchvision channel widths"));
        var stemKnown = ResNetStems.TryParse(config.Stem, out var stem);
        if (!stemKnown)
            fail("stem", $"'{config.Stem}' is not a stem: use one of {string.Join(", ", ResNetStems.Ids)}");
        if (stem == ResNetStem.Small && config.StemPadding is not (1 or 2))
            fail("stemPadding", $"{config.StemPadding} is not a small-stem padding: use 1 (4×4 final map at 32 px) or 2 (5×5, solo-learn)");
        if (config.ImageSize <= 0)
        {
            fail("imageSize", $"{config.ImageSize} is not a positive image size");
            return;
        }
        if (config.ImageSize > RunConfigLimits.MaxImageSize)
        {
            fail("imageSize", AboveLimit(config.ImageSize, RunConfigLimits.MaxImageSize, "pixels"));
            return;
        }
        if (config.MaxSourceSide is { } side && (side < config.ImageSize || side > RunConfigLimits.MaxSourceSide))
            fail("maxSourceSide", side < config.ImageSize
                ? $"{side} px is below imageSize {config.ImageSize}: the originals the crops come from must be at least the run's size (leave it out for 4 × imageSize)"
                : AboveLimit(side, RunConfigLimits.MaxSourceSide, "pixels"));
        if (!stemKnown) return;
        var mapSize = ResNetSpec.FinalMapSize(config.ImageSize, stem, config.StemPadding);
        var needed = MethodIds.IsLewel(config.Method) ? 2 : 1;
        if (mapSize < needed)
            fail("imageSize", $"{config.ImageSize} px is too small for the {config.Stem} stem: the last stage's map would be " +
                              $"{Math.Max(mapSize, 0)}×{Math.Max(mapSize, 0)}, and {config.Method} needs at least {needed}×{needed}" +
                              (stem == ResNetStem.ImageNet ? " (use the small stem for small images)" : ""));
    }

    private static void ValidateLength(RunConfig config, Action<string, string> fail)
    {
        if (config.BatchSize < 2)
            fail("batchSize", $"{config.BatchSize} is too small: batch normalisation needs at least 2 images per batch");
        else if (config.BatchSize > RunConfigLimits.MaxBatchSize)
            fail("batchSize", AboveLimit(config.BatchSize, RunConfigLimits.MaxBatchSize, "images per batch"));
        if (config.Epochs is null && config.Steps is null)
            fail("epochs", "the run has no length: set epochs or steps");
        if (config.Epochs is <= 0)
            fail("epochs", $"{config.Epochs} is not a positive number of epochs");
        else if (config.Epochs > RunConfigLimits.MaxEpochs)
            fail("epochs", AboveLimit(config.Epochs.Value, RunConfigLimits.MaxEpochs, "epochs"));
        if (config.Steps is <= 0)
            fail("steps", $"{config.Steps} is not a positive number of steps");
        else if (config.Steps > RunConfigLimits.MaxSteps)
            fail("steps", AboveLimit(config.Steps.Value, RunConfigLimits.MaxSteps, "steps"));
    }

    private static void ValidateHeads(RunConfig config, Action<string, string> fail)
    {
        var heads = config.Heads;
        if (heads.ProjectorHidden <= 0) fail("heads.projectorHidden", $"{heads.ProjectorHidden} is not a positive width");
        else if (heads.ProjectorHidden > RunConfigLimits.MaxHiddenWidth)
            fail("heads.projectorHidden", AboveLimit(heads.ProjectorHidden, RunConfigLimits.MaxHiddenWidth, "units"));
        if (heads.Dim <= 0) fail("heads.dim", $"{heads.Dim} is not a positive dimension");
        else if (heads.Dim > RunConfigLimits.MaxDim)
            fail("heads.dim", AboveLimit(heads.Dim, RunConfigLimits.MaxDim, "dimensions"));
        if (MethodIds.IsByolFamily(config.Method) && heads.PredictorHidden <= 0)
            fail("heads.predictorHidden", $"{heads.PredictorHidden} is not a positive width");
        else if (heads.PredictorHidden > RunConfigLimits.MaxHiddenWidth)
            fail("heads.predictorHidden", AboveLimit(heads.PredictorHidden, RunConfigLimits.MaxHiddenWidth, "units"));

        if (heads.MatchLewel && config.Method != MethodIds.Byol)
            fail("heads.matchLewel", $"applies to byol only (it builds BYOL's heads as LEWEL_B's), not {config.Method}");

        var lewel = config.Lewel;
        var isLewel = MethodIds.IsLewel(config.Method);
        if (isLewel)
        {
            if (lewel.NumHeads <= 0)
                fail("lewel.numHeads", $"{lewel.NumHeads} is not a positive number of groups M");
            else if (lewel.NumHeads > RunConfigLimits.MaxNumHeads)
                fail("lewel.numHeads", AboveLimit(lewel.NumHeads, RunConfigLimits.MaxNumHeads, "groups"));
            else
            {
                if (heads.Dim > 0 && heads.Dim % lewel.NumHeads != 0)
                    fail("lewel.numHeads", $"M = {lewel.NumHeads} does not divide the projector dim K = heads.dim = {heads.Dim}");
                if (ResNetSpec.Find(config.Backbone) is { } spec && Positive(config.Width))
                {
                    var channels = spec.OutChannels(config.Width);
                    if (channels % lewel.NumHeads != 0)
                        fail("lewel.numHeads", $"M = {lewel.NumHeads} does not divide the backbone channels C = {channels} ({config.Backbone} at width {config.Width})");
                }
            }
        }
        if (!Positive(lewel.Scale)) fail("lewel.scale", $"{lewel.Scale} is not a positive map scale s");
        else if (lewel.Scale > RunConfigLimits.MaxScale) fail("lewel.scale", AboveLimit(lewel.Scale, RunConfigLimits.MaxScale, "(map scale s)"));
        if (!InUnit(lewel.Alpha)) fail("lewel.alpha", $"{lewel.Alpha} is outside [0, 1]");

        var moco = config.Moco;
        var usesQueue = MethodIds.UsesQueue(config.Method);
        if (!Positive(moco.Temperature)) fail("moco.temperature", $"{moco.Temperature} is not a positive temperature");
        else if (moco.Temperature > RunConfigLimits.MaxRate) fail("moco.temperature", AboveLimit(moco.Temperature, RunConfigLimits.MaxRate, "(temperature)"));
        if (moco.QueueSize > RunConfigLimits.MaxQueueSize)
            fail("moco.queueSize", AboveLimit(moco.QueueSize, RunConfigLimits.MaxQueueSize, "keys"));
        if (moco.AlignedQueueSize is { } alignedKeys && alignedKeys > RunConfigLimits.MaxQueueSize)
            fail("moco.alignedQueueSize", AboveLimit(alignedKeys, RunConfigLimits.MaxQueueSize, "keys"));
        if (!usesQueue) return;
        if (moco.QueueSize > RunConfigLimits.MaxQueueSize) { /* named above */ }
        else if (moco.QueueSize <= 0)
            fail("moco.queueSize", $"{moco.QueueSize} is not a positive queue size");
        else if (config.BatchSize > 0 && moco.QueueSize % config.BatchSize != 0)
            fail("moco.queueSize", $"{moco.QueueSize} is not a multiple of the {config.BatchSize} keys enqueued per step (batchSize)");
        if (config.Method == MethodIds.MocoV2)
        {
            if (moco.BnSplits <= 0)
                fail("moco.bnSplits", $"{moco.BnSplits} is not a positive number of BN sub-batches");
            else if (config.BatchSize > 0 && config.BatchSize % moco.BnSplits != 0)
                fail("moco.bnSplits", $"{moco.BnSplits} BN sub-batches do not divide the batch of {config.BatchSize} (batchSize): every sub-batch must be the same size");
        }
        if (config.Method != MethodIds.LewelM) return;
        if (moco.AlignedQueueSize is null && moco.AlignedQueueSteps <= 0)
            fail("moco.alignedQueueSteps", $"{moco.AlignedQueueSteps} is not a positive number of steps");
        if (moco.AlignedQueueSize > RunConfigLimits.MaxQueueSize) { /* named above */ }
        else if (moco.AlignedQueueSize is { } size && size <= 0)
            fail("moco.alignedQueueSize", $"{size} is not a positive queue size");
        else if (config.BatchSize > 0 && lewel.NumHeads > 0 && heads.Dim > 0 && heads.Dim % lewel.NumHeads == 0)
        {
            var keysPerStep = (long)config.BatchSize * (heads.Dim / lewel.NumHeads);
            if (moco.AlignedQueueSize is { } keys && keys % keysPerStep != 0)
                fail("moco.alignedQueueSize", $"{keys} is not a multiple of the {keysPerStep} aligned keys enqueued per step (batchSize × N = {config.BatchSize} × {heads.Dim / lewel.NumHeads})");
            else if (moco.AlignedQueueSize is null && moco.AlignedQueueSteps > 0 && moco.AlignedQueueKeys(config.BatchSize, heads.Dim / lewel.NumHeads) > RunConfigLimits.MaxQueueSize)
                fail("moco.alignedQueueSteps", $"{moco.AlignedQueueSteps} steps of {keysPerStep} aligned keys (batchSize × N) are more than the {RunConfigLimits.MaxQueueSize} keys a queue may hold");
        }
    }

    private static void ValidateTarget(TargetConfig target, Action<string, string> fail)
    {
        if (!TargetUpdates.TryParse(target.Update, out _))
            fail("target.update", $"'{target.Update}' is not a target update: use one of {string.Join(", ", TargetUpdates.Ids)}");
        if (!InUnit(target.BaseMomentum)) fail("target.baseMomentum", $"{target.BaseMomentum} is outside [0, 1]");
        if (!InUnit(target.FinalMomentum)) fail("target.finalMomentum", $"{target.FinalMomentum} is outside [0, 1]");
        else if (InUnit(target.BaseMomentum) && target.FinalMomentum < target.BaseMomentum)
            fail("target.finalMomentum", $"{target.FinalMomentum} is below baseMomentum {target.BaseMomentum}: the momentum only rises");
    }

    private static void ValidateOptimizer(OptimizerConfig optimizer, Action<string, string> fail)
    {
        if (!OptimizerIds.All.Contains(optimizer.Name))
            fail("optimizer.name", $"'{optimizer.Name}' is not an optimizer: use one of {string.Join(", ", OptimizerIds.All)}");
        if (!Positive(optimizer.BaseLr)) fail("optimizer.baseLr", $"{optimizer.BaseLr} is not a positive learning rate");
        else if (optimizer.BaseLr > RunConfigLimits.MaxRate) fail("optimizer.baseLr", AboveLimit(optimizer.BaseLr, RunConfigLimits.MaxRate, "(learning rate at batch 256)"));
        if (!(optimizer.WeightDecay >= 0) || double.IsInfinity(optimizer.WeightDecay))
            fail("optimizer.weightDecay", $"{optimizer.WeightDecay} is not a weight decay ≥ 0");
        else if (optimizer.WeightDecay > RunConfigLimits.MaxWeightDecay)
            fail("optimizer.weightDecay", AboveLimit(optimizer.WeightDecay, RunConfigLimits.MaxWeightDecay, "(weight decay)"));
        if (optimizer.Eta > RunConfigLimits.MaxRate) fail("optimizer.eta", AboveLimit(optimizer.Eta, RunConfigLimits.MaxRate, "(trust coefficient η)"));
        if (!(optimizer.Momentum is >= 0 and < 1)) fail("optimizer.momentum", $"{optimizer.Momentum} is outside [0, 1)");
        if (!OptimizerIds.LrRules.Contains(optimizer.LrRule))
            fail("optimizer.lrRule", $"'{optimizer.LrRule}' is not a learning-rate rule: use one of {string.Join(", ", OptimizerIds.LrRules)}");
        if (!OptimizerIds.ExclusionRules.Contains(optimizer.ExclusionRule))
            fail("optimizer.exclusionRule", $"'{optimizer.ExclusionRule}' is not an exclusion rule: use one of {string.Join(", ", OptimizerIds.ExclusionRules)}");
        else if (optimizer.ExcludeNeckNorm is not null && (optimizer.ExclusionRule != OptimizerIds.LewelExclusion || !optimizer.ExcludeBiasAndNorm))
            fail("optimizer.excludeNeckNorm", "applies only with excludeBiasAndNorm true and exclusionRule lewel: leave it out or set exclusionRule to lewel");
        if (optimizer.Name != OptimizerIds.Lars) return;
        if (!Positive(optimizer.Eta)) fail("optimizer.eta", $"{optimizer.Eta} is not a positive trust coefficient η");
        if (!OptimizerIds.LarsVariants.Contains(optimizer.LarsVariant))
            fail("optimizer.larsVariant", $"'{optimizer.LarsVariant}' is not a LARS variant: use one of {string.Join(", ", OptimizerIds.LarsVariants)}");
        else if (optimizer.LarsVariant == OptimizerIds.LewelLars && optimizer.ClipLr)
            fail("optimizer.clipLr", "the lewel LARS variant has no lr clipping: set clipLr to false or use larsVariant solo-learn");
    }

    private static void ValidateSchedule(RunConfig config, Action<string, string> fail)
    {
        var schedule = config.Schedule;
        if (!(schedule.WarmupEpochs >= 0) || double.IsInfinity(schedule.WarmupEpochs))
            fail("schedule.warmupEpochs", $"{schedule.WarmupEpochs} is not a number of epochs ≥ 0");
        else if (schedule.WarmupEpochs > RunConfigLimits.MaxEpochs)
            fail("schedule.warmupEpochs", AboveLimit(schedule.WarmupEpochs, RunConfigLimits.MaxEpochs, "epochs"));
        else if (config.Epochs is > 0 && config.Steps is null && schedule.WarmupEpochs >= config.Epochs)
            fail("schedule.warmupEpochs", $"{schedule.WarmupEpochs} warm-up epochs leave nothing of a {config.Epochs}-epoch run");
        if (!(schedule.WarmupStartLr >= 0) || double.IsInfinity(schedule.WarmupStartLr))
            fail("schedule.warmupStartLr", $"{schedule.WarmupStartLr} is not a learning rate ≥ 0");
        else if (schedule.WarmupStartLr > RunConfigLimits.MaxRate)
            fail("schedule.warmupStartLr", AboveLimit(schedule.WarmupStartLr, RunConfigLimits.MaxRate, "(learning rate)"));
        if (!(schedule.MinLr >= 0) || double.IsInfinity(schedule.MinLr))
            fail("schedule.minLr", $"{schedule.MinLr} is not a learning rate ≥ 0");
        else if (schedule.MinLr > RunConfigLimits.MaxRate)
            fail("schedule.minLr", AboveLimit(schedule.MinLr, RunConfigLimits.MaxRate, "(learning rate)"));
    }

    private static void ValidateView(ViewAugmentation view, string path, Action<string, string> fail)
    {
        void Probability(string field, double value)
        {
            if (!InUnit(value)) fail($"{path}.{field}", $"{value} is not a probability in [0, 1]");
        }

        if (!(view.CropScaleMin is > 0 and <= 1)) fail($"{path}.cropScaleMin", $"{view.CropScaleMin} is outside (0, 1]");
        if (!(view.CropScaleMax is > 0 and <= 1)) fail($"{path}.cropScaleMax", $"{view.CropScaleMax} is outside (0, 1]");
        else if (view.CropScaleMin > view.CropScaleMax)
            fail($"{path}.cropScaleMin", $"{view.CropScaleMin} is above cropScaleMax {view.CropScaleMax}");
        if (!Positive(view.CropRatioMin)) fail($"{path}.cropRatioMin", $"{view.CropRatioMin} is not a positive aspect ratio");
        else if (view.CropRatioMin > RunConfigLimits.MaxCropRatio) fail($"{path}.cropRatioMin", AboveLimit(view.CropRatioMin, RunConfigLimits.MaxCropRatio, "(aspect ratio)"));
        if (!Positive(view.CropRatioMax)) fail($"{path}.cropRatioMax", $"{view.CropRatioMax} is not a positive aspect ratio");
        else if (view.CropRatioMax > RunConfigLimits.MaxCropRatio) fail($"{path}.cropRatioMax", AboveLimit(view.CropRatioMax, RunConfigLimits.MaxCropRatio, "(aspect ratio)"));
        else if (view.CropRatioMin > view.CropRatioMax)
            fail($"{path}.cropRatioMin", $"{view.CropRatioMin} is above cropRatioMax {view.CropRatioMax}");
        if (view.Interpolation is not ("bilinear" or "bicubic"))
            fail($"{path}.interpolation", $"'{view.Interpolation}' is not an interpolation: use bilinear or bicubic");
        Probability("flipProbability", view.FlipProbability);
        Probability("jitterProbability", view.JitterProbability);
        Probability("grayscaleProbability", view.GrayscaleProbability);
        Probability("blurProbability", view.BlurProbability);
        Probability("solarizeProbability", view.SolarizeProbability);
        void Strength(string field, double value)
        {
            if (!(value >= 0) || double.IsInfinity(value)) fail($"{path}.{field}", $"{value} is not a strength ≥ 0");
            else if (value > RunConfigLimits.MaxColorStrength) fail($"{path}.{field}", AboveLimit(value, RunConfigLimits.MaxColorStrength, "(jitter strength)"));
        }

        Strength("brightness", view.Brightness);
        Strength("contrast", view.Contrast);
        Strength("saturation", view.Saturation);
        if (!(view.Hue is >= 0 and <= 0.5)) fail($"{path}.hue", $"{view.Hue} is outside [0, 0.5]");
        if (!Positive(view.BlurSigmaMin)) fail($"{path}.blurSigmaMin", $"{view.BlurSigmaMin} is not a positive σ");
        if (!Positive(view.BlurSigmaMax)) fail($"{path}.blurSigmaMax", $"{view.BlurSigmaMax} is not a positive σ");
        else if (view.BlurSigmaMax > RunConfigLimits.MaxBlurSigma) fail($"{path}.blurSigmaMax", AboveLimit(view.BlurSigmaMax, RunConfigLimits.MaxBlurSigma, "pixels (blur σ)"));
        else if (view.BlurSigmaMin > view.BlurSigmaMax)
            fail($"{path}.blurSigmaMin", $"{view.BlurSigmaMin} is above blurSigmaMax {view.BlurSigmaMax}");
        if (!InUnit(view.SolarizeThreshold)) fail($"{path}.solarizeThreshold", $"{view.SolarizeThreshold} is outside [0, 1]");
    }

    private static void ValidateNormalisation(double[]? values, string path, bool positive, Action<string, string> fail)
    {
        if (values is null) return;
        if (values.Length != 3)
        {
            fail(path, $"has {values.Length} values: give one per RGB channel (3)");
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            var inRange = positive ? values[i] is > 0 and <= 1 : values[i] is >= 0 and <= 1;
            if (!inRange)
                fail($"{path}[{i}]", $"{values[i]} is not {(positive ? "in (0, 1]" : "in [0, 1]")}: statistics are on the [0, 1] pixel scale (divide 0–255 values by 255)");
        }
    }

    private static void ValidateMonitor(MonitorConfig monitor, Action<string, string> fail)
    {
        void Interval(string field, int value, int max, string unit)
        {
            if (value < 0) fail($"monitor.{field}", $"{value} is negative: use 0 to turn it off (or, for snapshots and checkpoints, for the end only)");
            else if (value > max) fail($"monitor.{field}", AboveLimit(value, max, unit));
        }

        Interval("knnEveryEpochs", monitor.KnnEveryEpochs, RunConfigLimits.MaxEpochs, "epochs");
        if (monitor.KnnK <= 0) fail("monitor.knnK", $"{monitor.KnnK} is not a positive number of neighbours");
        else if (monitor.KnnK > RunConfigLimits.MaxKnnK) fail("monitor.knnK", AboveLimit(monitor.KnnK, RunConfigLimits.MaxKnnK, "neighbours"));
        if (!Positive(monitor.KnnTemperature)) fail("monitor.knnTemperature", $"{monitor.KnnTemperature} is not a positive temperature");
        else if (monitor.KnnTemperature > RunConfigLimits.MaxRate) fail("monitor.knnTemperature", AboveLimit(monitor.KnnTemperature, RunConfigLimits.MaxRate, "(temperature)"));
        if (monitor.ProbeIndices.Length > RunConfigLimits.MaxProbeImages)
            fail("monitor.probeIndices", $"has {monitor.ProbeIndices.Length} images; the limit is {RunConfigLimits.MaxProbeImages} (each is drawn into every snapshot)");
        else
            for (var i = 0; i < monitor.ProbeIndices.Length; i++)
                if (monitor.ProbeIndices[i] < 0) fail($"monitor.probeIndices[{i}]", $"{monitor.ProbeIndices[i]} is not an image index");
        Interval("snapshotEverySteps", monitor.SnapshotEverySteps, RunConfigLimits.MaxSteps, "steps");
        Interval("checkpointEverySteps", monitor.CheckpointEverySteps, RunConfigLimits.MaxSteps, "steps");
        Interval("healthEverySteps", monitor.HealthEverySteps, RunConfigLimits.MaxSteps, "steps");
    }

    private static bool Positive(double value) => value > 0 && !double.IsInfinity(value);
    private static bool InUnit(double value) => value is >= 0 and <= 1;
}
