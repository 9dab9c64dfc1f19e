using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Lewel.Cli.Studies;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Settings;
using Lewel.Engine.Studies;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel study</c>: trains a baseline and its LEWEL variant at N seeds with one configuration, evaluates
/// every final network (kNN, linear probe, localisation on data with masks; optionally the random initialisation too)
/// and reports each method's mean with its 95 % interval and the paired difference LEWEL − baseline. Running the same
/// command again continues a study. Exit codes: 0 done, 1 a step failed, 2 invalid options or a changed plan, 130
/// stopped.</summary>
public static class StudyCommand
{
    public const int Done = 0;
    public const int InvalidOptions = 2;
    public const int DefaultSeeds = 3;
    public const int MaxSeeds = 100;

    public static Command Create(LewelSettings settings)
    {
        var pair = new Option<string>("--pair") { Description = "byol (BYOL + LEWEL_B) or mocov2plus (MoCo V2+ + LEWEL_M)", Required = true };
        var shared = new RunConfigOptions(settings, "each run");
        var seeds = new Option<int?>("--seeds") { Description = $"Number of seeds: 1..N (default {DefaultSeeds})" };
        var seedList = new Option<string?>("--seed-list") { Description = "The seeds themselves, e.g. 1,2,3 (instead of --seeds)" };
        var output = new Option<string>("--out") { Description = "Study directory (plan.json, runs/, evals/, study.json, study.md); the same --out continues a study", Required = true };
        var evals = new Option<string>("--evals")
        {
            Description = "Evaluations, comma-separated: knn, linear, localization (localisation only on data with masks, LEWEL arm)",
            DefaultValueFactory = _ => string.Join(',', StudyMetrics.Protocols),
        };
        var knnK = new Option<int>("--knn-k") { Description = "Neighbours of the kNN evaluation", DefaultValueFactory = _ => StudyEvaluations.DefaultKnnK };
        var linearEpochs = new Option<int>("--linear-epochs") { Description = "Epochs of the linear probe", DefaultValueFactory = _ => StudyEvaluations.DefaultLinearEpochs };
        var evalBatchSize = new Option<int?>("--eval-batch-size") { Description = "Images per forward pass when extracting features (default 64 on a CPU, 256 on a GPU)" };
        var randomInit = new Option<bool>("--baseline-random-init")
        {
            Description = "Also evaluate the backbone at random initialisation once per seed (--baseline-random-init false to skip)",
            DefaultValueFactory = _ => true,
        };

        var command = new Command("study", "Train a baseline and its LEWEL variant at N seeds, evaluate each and report means, 95 % intervals and the paired difference");
        foreach (var option in (Option[])[pair, .. shared.All, seeds, seedList, output, evals, knnK, linearEpochs, evalBatchSize, randomInit])
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var layout = new StudyLayout(parse.GetValue(output)!);
            StudyPlan plan;
            try
            {
                var methods = MethodPairs.FromName(parse.GetValue(pair))
                    ?? throw Invalid("pair", $"'{parse.GetValue(pair)}' is not a pair: use {string.Join(" or ", MethodPairs.Names)}");
                var user = shared.Build(parse, []);
                var evaluations = Evaluations(parse.GetValue(evals)!, parse.GetValue(knnK), parse.GetValue(linearEpochs), parse.GetValue(evalBatchSize));
                plan = Plan(settings, methods, user, Seeds(parse.GetValue(seeds), parse.GetValue(seedList)), evaluations, parse.GetValue(randomInit));
                Claim(layout, plan);
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine(e.Message);
                return InvalidOptions;
            }
            return Run(plan, layout);
        });
        return command;
    }

    private static int Run(StudyPlan plan, StudyLayout layout)
    {
        var stop = 0;
        // Ctrl+C reaches the running child too (same process group), which checkpoints and exits; the study then stops.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            Interlocked.Exchange(ref stop, 1);
        });
        Console.WriteLine($"study: {plan.Baseline} vs {plan.Lewel} on {plan.Config.Dataset}, seeds {string.Join(", ", plan.Seeds)}, in {layout.Root}");
        return new StudyRunner(plan, layout, Console.Out, () => Volatile.Read(ref stop) == 1).Run();
    }

    private static ConfigException Invalid(string field, string message) => new([new ConfigError(field, message)]);

    internal static IReadOnlyList<long> Seeds(int? count, string? list)
    {
        if (count is not null && list is not null) throw Invalid("seeds", "give --seeds N or --seed-list, not both");
        if (list is not null)
        {
            var seeds = new List<long>();
            foreach (var part in list.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) || seed < 0)
                    throw Invalid("seed-list", $"'{part}' is not a seed (a whole number, 0 or more)");
                if (seeds.Contains(seed)) throw Invalid("seed-list", $"seed {seed} is listed twice");
                seeds.Add(seed);
            }
            if (seeds.Count > MaxSeeds) throw Invalid("seed-list", $"{seeds.Count} seeds; at most {MaxSeeds}");
            return seeds;
        }
        var n = count ?? DefaultSeeds;
        if (n is < 1 or > MaxSeeds) throw Invalid("seeds", $"{n} is not a number of seeds in 1..{MaxSeeds}");
        return [.. Enumerable.Range(1, n).Select(i => (long)i)];
    }

    private static StudyEvaluations Evaluations(string list, int knnK, int linearEpochs, int? batchSize)
    {
        var protocols = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (protocols.Count == 0) throw Invalid("evals", "name at least one evaluation: knn, linear or localization");
        foreach (var p in protocols.Where(p => !StudyMetrics.Protocols.Contains(p)))
            throw Invalid("evals", $"'{p}' is not a study evaluation: use {string.Join(", ", StudyMetrics.Protocols)}");
        if (knnK < 1) throw Invalid("knn-k", $"{knnK} neighbours: at least 1");
        if (linearEpochs < 1) throw Invalid("linear-epochs", $"{linearEpochs} epochs: at least 1");
        if (batchSize < 1) throw Invalid("eval-batch-size", $"{batchSize} images: at least 1");
        return new StudyEvaluations(protocols, knnK, linearEpochs, protocols.Contains(LocalizationProtocol.Name), batchSize);
    }

    /// <summary>Resolves the one configuration of the study (over the LEWEL method's preset, so its LEWEL fields are
    /// the variant's) and checks it for every run exactly as <c>pretrain</c> will read it.</summary>
    private static StudyPlan Plan(LewelSettings settings, (string Baseline, string Lewel) methods, JsonObject user, IReadOnlyList<long> seeds,
        StudyEvaluations evaluations, bool randomInit)
    {
        foreach (var field in new[] { "method", "seed" })
            if (user.Any(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase)))
                throw Invalid(field, field == "method" ? "is set by --pair for each run; leave it out" : "is set per run by --seeds or --seed-list; leave it out");
        if (!user.Any(p => string.Equals(p.Key, "device", StringComparison.OrdinalIgnoreCase)))
            user["device"] = settings.Device;
        user["method"] = methods.Lewel;
        var config = RunConfigMerger.Resolve(user.ToJsonString()) with { Seed = 0 };
        var errors = new List<ConfigError>();
        foreach (var method in new[] { methods.Baseline, methods.Lewel })
        {
            var run = RunConfigMerger.Resolve(new StudyPlan(methods.Baseline, methods.Lewel, config, seeds, evaluations, randomInit)
                .RunConfigFor(method, seeds[0]).ToJson());
            errors.AddRange(RunConfigValidator.Check(run).Errors.Select(e => new ConfigError(e.Path, $"{e.Message} ({method})")));
        }
        if (DatasetCatalog.SpecError(config.Dataset, settings.CreateDataRoots()) is { } datasetError) errors.Add(new ConfigError("dataset", datasetError));
        if (errors.Count > 0) throw new ConfigException(errors.DistinctBy(e => e.ToString()).ToList());
        if (evaluations.Localization && !HasMasks(settings, config))
        {
            Console.Error.WriteLine($"study: {config.Dataset} has no object masks, so the localisation score is left out");
            evaluations = evaluations with { Protocols = [.. evaluations.Protocols.Where(p => p != LocalizationProtocol.Name)], Localization = false };
        }
        return new StudyPlan(methods.Baseline, methods.Lewel, config, seeds, evaluations, randomInit);
    }

    private static bool HasMasks(LewelSettings settings, RunConfig config)
    {
        try
        {
            return DatasetCatalog.Open(config.Dataset, settings.DatasetOptions(config.ImageSize)).Test.HasMasks;
        }
        catch (DatasetException e)
        {
            throw Invalid("dataset", e.Message);
        }
    }

    /// <summary>Saves the plan in a new study directory, or checks that an existing one holds the same plan.</summary>
    private static void Claim(StudyLayout layout, StudyPlan plan)
    {
        var now = plan.ToJson();
        if (File.Exists(layout.Plan))
        {
            JsonNode? saved;
            try
            {
                saved = JsonNode.Parse(File.ReadAllText(layout.Plan));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw Invalid("out", $"{layout.Plan} is not readable JSON ({e.Message}); choose another --out");
            }
            var differences = saved is null ? ["(empty plan)"] : StudyPlan.Differences(saved, now);
            if (differences.Count > 0)
                throw new ConfigException([new ConfigError("out", $"{layout.Root} holds a study with another plan; run it with the options it was " +
                                                                  $"started with, or choose another --out. Differences (saved → now): {string.Join("; ", differences)}")]);
            return;
        }
        if (Directory.Exists(layout.Root) && Directory.EnumerateFileSystemEntries(layout.Root).Any())
            throw Invalid("out", $"{layout.Root} is not empty and holds no {StudyPlan.FileName}: choose a new or empty directory");
        Directory.CreateDirectory(layout.Root);
        Engine.Checkpoints.AtomicFile.WriteAllText(layout.Plan, now.ToJsonString(StudyEvaluations.Json) + "\n");
    }
}
