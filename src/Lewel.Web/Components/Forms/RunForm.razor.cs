using System.Globalization;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Data.Shapes;
using Lewel.Engine.Studies;
using Lewel.Engine.Training.Optim;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;

namespace Lewel.Web.Components.Forms;

/// <summary>The launch form: a whole <see cref="RunConfig"/> edited field by field, validated on every change by the
/// engine's <see cref="RunConfigValidator"/> (each message shown at its field), with method presets, a data-set
/// picker, augmentation per view, and a paired launch of a baseline and its LEWEL variant.</summary>
public partial class RunForm
{
    private RunConfig config = Presets.For(MethodIds.LewelB, Presets.Small);
    private FieldErrors errors = FieldErrors.None;
    private IReadOnlyDictionary<string, string[]>? shownServerErrors;
    private string datasetKind = "shapes";
    private string datasetPath = "";
    private int shapesSize = 32;
    private int shapesCount = 4096;
    private long shapesSeed = 1;
    private ShapesScene shapesScene = ShapesScene.Cluttered;
    private bool lengthInSteps;
    private bool paired;
    private bool showJson;
    private string probeText = "";
    private string? probeError;
    private string tagsText = "";
    private string? notes;
    private string? healthWebhookUrl;
    private RunConfig? appliedInitial;
    private bool initialised;

    /// <summary>The configuration to start from (a clone of another run); null starts from the LEWEL_B small preset with
    /// the built-in data set, narrowed for a CPU.</summary>
    [Parameter] public RunConfig? InitialConfig { get; set; }

    [Parameter] public IReadOnlyList<string>? InitialTags { get; set; }

    /// <summary>Start with the paired switch on.</summary>
    [Parameter] public bool InitialPaired { get; set; }

    /// <summary>The cost of the current configuration, computed by the page from past runs.</summary>
    [Parameter] public RunCostEstimate? Estimate { get; set; }

    /// <summary>Errors the launch itself returned (by config path), shown until the next change.</summary>
    [Parameter] public IReadOnlyDictionary<string, string[]>? ServerErrors { get; set; }

    [Parameter] public bool Busy { get; set; }

    /// <summary>Raised after every change, with the new configuration (for the cost estimate).</summary>
    [Parameter] public EventCallback<RunConfig> ConfigChanged { get; set; }

    [Parameter] public EventCallback<RunLaunch> OnLaunch { get; set; }

    /// <summary>The configuration as edited so far.</summary>
    public RunConfig Config => config;

    private string DatasetKind => datasetKind;
    private bool UsesQueue => MethodIds.UsesQueue(config.Method);
    private static string SceneHelp(ShapesScene scene) => scene switch
    {
        ShapesScene.Plain => "flat background, the object alone",
        ShapesScene.Silhouette => "a gray object on a dark background: no colour to tell images apart",
        ShapesScene.Stencil => "a gray object on the same dark background in every image: only the object tells images apart",
        _ => "textures, clutter, occluders",
    };

    private bool CanPair => MethodPairs.HasPair(config.Method);
    /// <summary>Whether a launch now queues a pair: the switch is on and the method has a LEWEL variant.</summary>
    private bool LaunchesPair => paired && CanPair;
    private string PairTitle
    {
        get
        {
            if (!CanPair) return MethodTraitsCatalog.For(config.Method).Title;
            var (baseline, lewel) = MethodPairs.PairOf(config.Method);
            return $"{MethodTraitsCatalog.For(baseline).Title} + {MethodTraitsCatalog.For(lewel).Title}";
        }
    }
    private string NamePlaceholder
    {
        get
        {
            if (!LaunchesPair) return $"{config.Method} on {DatasetKind}";
            var (baseline, lewel) = MethodPairs.PairOf(config.Method);
            return $"{baseline} on {DatasetKind} · {lewel} on {DatasetKind}";
        }
    }
    private string PairedLabel => CanPair
        ? $"Paired comparison: launch {PairTitle} with identical settings"
        : "Paired comparison: official MoCo v2 has no LEWEL variant (LEWEL_M pairs with MoCo V2+, symmetric and shuffle-free like it)";
    private string DatasetExample => DatasetCatalog.Examples.FirstOrDefault(e => e.StartsWith(datasetKind + ":", StringComparison.Ordinal))?[(datasetKind.Length + 1)..] ?? "/path";
    private string EffectiveLr => string.Create(CultureInfo.InvariantCulture, $"lr = {OptimizerFactory.ScaledLearningRate(config):0.####} at batch {config.BatchSize}");
    private const string NeckNormByUpdate = "by target update";
    private const string NeckNormExcluded = "excluded";
    private const string NeckNormDecayed = "decayed";
    private static readonly IReadOnlyList<string> NeckNormChoices = [NeckNormByUpdate, NeckNormExcluded, NeckNormDecayed];
    private string NeckNormChoice => config.Optimizer.ExcludeNeckNorm switch
    {
        true => NeckNormExcluded,
        false => NeckNormDecayed,
        null => NeckNormByUpdate,
    };
    private Task ChooseNeckNorm(string choice) => Set(c => c with
    {
        Optimizer = c.Optimizer with { ExcludeNeckNorm = choice switch { NeckNormExcluded => true, NeckNormDecayed => false, _ => null } },
    });
    private string BaseLrLabel => config.Optimizer.LrRule == OptimizerIds.AbsoluteLrRule ? "lr (absolute)" : "base lr (per 256)";
    private string AlignedCount => config.Lewel.NumHeads > 0 && config.Heads.Dim % config.Lewel.NumHeads == 0
        ? $"N = K/M = {config.Heads.Dim / config.Lewel.NumHeads} aligned embeddings"
        : "must divide K and the backbone channels";

    protected override void OnParametersSet()
    {
        if (!initialised || !ReferenceEquals(appliedInitial, InitialConfig))
        {
            initialised = true;
            appliedInitial = InitialConfig;
            config = InitialConfig ?? DefaultConfig();
            tagsText = string.Join(", ", InitialTags ?? []);
            paired = InitialPaired;
            LoadDatasetFields(config.Dataset);
            lengthInSteps = config.Steps is not null;
            probeText = string.Join(",", config.Monitor.ProbeIndices);
            Revalidate();
        }
        if (!ReferenceEquals(shownServerErrors, ServerErrors))
        {
            shownServerErrors = ServerErrors;
            Revalidate();
        }
    }

    /// <summary>The quick trial's LEWEL run (<see cref="Presets.QuickTrialMethod"/>): a first run that finishes, and
    /// learns, on a CPU.</summary>
    public static RunConfig DefaultConfig() => Presets.For(Presets.QuickTrialMethod, Presets.Quick);

    /// <summary>How many aligned keys per view the queue holds (a key count from an older configuration wins over the steps).</summary>
    private string AlignedQueueHelp => config.Lewel.NumHeads > 0 && config.Heads.Dim % config.Lewel.NumHeads == 0
        ? config.Moco.AlignedQueueSize is { } keys
            ? $"{keys} keys per view (set as a key count)"
            : $"= {config.Moco.AlignedQueueKeys(config.BatchSize, config.Heads.Dim / config.Lewel.NumHeads)} keys per view (steps × batch × N)"
        : "steps × batch × N keys per view";

    private async Task Set(Func<RunConfig, RunConfig> change)
    {
        config = change(config);
        shownServerErrors = null;
        Revalidate(includeServer: false);
        await ConfigChanged.InvokeAsync(config);
    }

    private void Revalidate(bool includeServer = true)
    {
        var all = new List<ConfigError>(RunConfigValidator.Validate(config));
        if (DatasetCatalog.SpecError(config.Dataset) is { } specError && all.All(e => e.Path != "dataset"))
            all.Add(new ConfigError("dataset", specError));
        if (probeError is not null) all.Add(new ConfigError("monitor.probeIndices", probeError));
        if (!string.IsNullOrWhiteSpace(healthWebhookUrl) && Lewel.Web.Runs.Health.RunHealthWebhook.Problem(healthWebhookUrl.Trim()) is { } webhookError)
            all.Add(new ConfigError(Lewel.Web.Runs.Health.RunHealthWebhook.Field, webhookError));
        if (includeServer && shownServerErrors is not null)
            foreach (var (path, messages) in shownServerErrors)
                foreach (var message in messages)
                    if (!all.Any(e => e.Path == path && e.Message == message)) all.Add(new ConfigError(path, message));
        errors = new FieldErrors(all);
    }

    /// <summary>A method the current recipe has no version of (the official LEWEL_B log) falls back to imagenet.</summary>
    private Task ChooseMethod(string method) => SwitchPreset(method, Presets.AppliesTo(method, config.Preset) ? config.Preset : Presets.ImageNet);

    /// <summary>A recipe for one method only (the official LEWEL_B log) also selects that method.</summary>
    private Task ChooseRecipe(string preset) =>
        SwitchPreset(Presets.AppliesTo(config.Method, preset) ? config.Method : Presets.MethodsOf(preset)[0], preset);

    /// <summary>Loads the method's recipe but keeps what describes the run rather than the method: name, data, length,
    /// batch, model size, device, seed and monitoring. The recipe's optimiser, schedule, heads, target and augmentation
    /// replace the current ones.</summary>
    private Task SwitchPreset(string method, string preset)
    {
        var recipe = Presets.For(method, preset);
        var keepShape = preset == config.Preset;
        return Set(c => keepShape
            ? recipe with
            {
                Name = c.Name, Dataset = c.Dataset, Backbone = c.Backbone, Width = c.Width, ImageSize = c.ImageSize, Stem = c.Stem,
                StemPadding = c.StemPadding, Epochs = c.Epochs, Steps = c.Steps, BatchSize = c.BatchSize, Device = c.Device,
                Seed = c.Seed, Threads = c.Threads, Monitor = c.Monitor,
                Heads = recipe.Heads with { ProjectorHidden = c.Heads.ProjectorHidden, Dim = c.Heads.Dim, PredictorHidden = c.Heads.PredictorHidden },
                Schedule = recipe.Schedule with { WarmupEpochs = c.Schedule.WarmupEpochs },
            }
            : recipe with { Name = c.Name, Dataset = c.Dataset, Device = c.Device, Seed = c.Seed, Threads = c.Threads, Monitor = c.Monitor });
    }

    /// <summary>The quick trial: LEWEL_B's quick preset, paired with BYOL (<see cref="Presets.QuickTrialMethod"/>); the
    /// run's name, device, seed and threads stay. Other methods' quick
    /// presets stay one choice away, in the recipe picker.</summary>
    private Task ApplyQuickTrial()
    {
        var trial = DefaultConfig() with { Name = config.Name, Device = config.Device, Seed = config.Seed, Threads = config.Threads };
        LoadDatasetFields(trial.Dataset);
        lengthInSteps = true;
        paired = true;
        return Set(_ => trial);
    }

    private Task ChooseLengthUnit(bool steps)
    {
        lengthInSteps = steps;
        return Set(c => steps
            ? c with { Steps = c.Steps ?? EstimateSteps(c), Epochs = null }
            : c with { Epochs = c.Epochs ?? 10, Steps = null });
    }

    private static int EstimateSteps(RunConfig c) => RunCostEstimator.StepsOf(c).Steps is > 0 and var s ? s : 1000;

    private Task ChooseDatasetKind(string kind)
    {
        datasetKind = kind;
        return kind == "shapes" ? SetShapes(shapesSize, shapesCount, shapesSeed, shapesScene) : ChooseDatasetPath(datasetPath);
    }

    private Task ChooseDatasetPath(string? path)
    {
        datasetPath = path?.Trim() ?? "";
        return Set(c => c with { Dataset = $"{datasetKind}:{datasetPath}" });
    }

    private Task ChooseDatasetSpec(string? spec)
    {
        LoadDatasetFields(spec ?? "");
        return Set(c => c with { Dataset = spec ?? "" });
    }

    private Task SetShapes(int size, int count, long seed, ShapesScene scene)
    {
        (shapesSize, shapesCount, shapesSeed, shapesScene) = (size, count, seed, scene);
        var sceneArgument = scene == ShapesScene.Cluttered ? "" : ",scene=" + ShapesSpec.SceneName(scene);
        return Set(c => c with { Dataset = string.Create(CultureInfo.InvariantCulture, $"shapes:size={size},n={count},seed={seed}{sceneArgument}") });
    }

    private void LoadDatasetFields(string spec)
    {
        try
        {
            var (kind, argument) = DatasetCatalog.Split(spec);
            datasetKind = kind;
            if (kind == "shapes")
            {
                var shapes = ShapesSpec.Parse(argument);
                (shapesSize, shapesCount, shapesSeed, shapesScene) = (shapes.Size, shapes.Count, shapes.Seed, shapes.Scene);
            }
            else datasetPath = argument;
        }
        catch (DatasetException)
        {
            // The spec field shows the problem; the picker keeps its last good state.
        }
    }

    private void ChooseWebhook(string? url)
    {
        healthWebhookUrl = url;
        Revalidate();
    }

    private Task ChooseProbes(string? text)
    {
        probeText = text ?? "";
        var parts = probeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var indices = new List<int>();
        probeError = null;
        foreach (var part in parts)
        {
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)) indices.Add(index);
            else
            {
                probeError = $"'{part}' is not an image index: give whole numbers separated by commas";
                break;
            }
        }
        return Set(c => probeError is null ? c with { Monitor = c.Monitor with { ProbeIndices = [.. indices] } } : c);
    }

    private string ViewErrorCount(string prefix)
    {
        var count = errors.All.Count(e => e.Path.StartsWith(prefix + ".", StringComparison.Ordinal));
        return count == 0 ? "" : $" · {count} to fix";
    }

    private async Task LaunchAsync()
    {
        Revalidate();
        if (errors.Count > 0) return;
        var tags = tagsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        await OnLaunch.InvokeAsync(new RunLaunch(config, tags, string.IsNullOrWhiteSpace(notes) ? null : notes, LaunchesPair,
            string.IsNullOrWhiteSpace(healthWebhookUrl) ? null : healthWebhookUrl.Trim()));
    }

}
