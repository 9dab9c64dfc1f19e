using System.Globalization;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Interop;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>The evaluation protocols a checkpoint can be measured with (lewel-method.md §8), the parameters each
/// accepts and how each is run: the one dispatch that <c>lewel eval</c> and the app's evaluation runs share. Parameters
/// are strings keyed by camelCase name (<c>k</c>, <c>batchSize</c>, ...; invariant culture); a parameter left out
/// takes the protocol's default. <c>dataset</c> is accepted by every protocol but read by the caller, which opens the
/// data.</summary>
public static class EvaluationCatalog
{
    private static readonly Dictionary<string, string[]> Accepted = new()
    {
        [KnnProtocol.Name] = ["dataset", "k", "temperature", "wide"],
        [LinearProbeProtocol.Name] = ["dataset", "epochs", "lr", "momentum", "weightDecay", "batchSize", "schedule", "augment", "seed"],
        [SemiSupervisedProtocol.Name] = ["dataset", "fraction", "epochs", "backboneLr", "classifierLr", "weightDecay", "batchSize", "schedule", "augment", "seed"],
        [DenseProbeProtocol.Name] = ["dataset", "epochs", "lr", "momentum", "weightDecay", "batchSize", "schedule", "seed"],
        [LocalizationProtocol.Name] = ["dataset", "maxImages"],
    };

    /// <summary>The protocol names: knn, linear, semi-supervised, dense, localization.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Accepted.Keys];

    /// <summary>The parameters <paramref name="protocol"/> accepts; empty for an unknown protocol.</summary>
    public static IReadOnlyList<string> ParametersOf(string protocol) => Accepted.TryGetValue(protocol, out var accepted) ? accepted : [];

    /// <summary>Every problem with a request, keyed by field (<c>protocol</c>, <c>parameters.k</c>, or
    /// <c>parameters</c> for a value its protocol refuses).</summary>
    public static List<ConfigError> Check(string? protocol, IReadOnlyDictionary<string, string> parameters)
    {
        if (protocol is null || !Accepted.TryGetValue(protocol, out var accepted))
            return [new ConfigError("protocol", $"'{protocol}' is not a protocol: use one of {string.Join(", ", All)}")];
        var errors = new List<ConfigError>();
        foreach (var key in parameters.Keys.Where(k => !accepted.Contains(k)))
            errors.Add(new ConfigError($"parameters.{key}", $"is not a parameter of {protocol} (it takes {string.Join(", ", accepted)})"));
        if (errors.Count > 0) return errors;
        try
        {
            Options(protocol, parameters, out _);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            errors.Add(new ConfigError(e is ParameterException p ? $"parameters.{p.Key}" : "parameters", e.Message));
        }
        return errors;
    }

    /// <summary>Runs <paramref name="protocol"/> on the loaded checkpoint. Throws <see cref="ArgumentException"/> for an
    /// unknown protocol or a refused parameter, <see cref="InvalidOperationException"/> when the checkpoint lacks what
    /// the protocol needs (localization: a LEWEL neck).</summary>
    public static EvaluationResult Run(string protocol, IReadOnlyDictionary<string, string> parameters, CheckpointModel model,
        EvaluationData data, EvaluationContext context)
    {
        var options = Options(protocol, parameters, out var maxImages);
        return options switch
        {
            KnnOptions knn => KnnProtocol.Run(images => model.Backbone.call(images).mean([2, 3]), data, knn, context),
            LinearProbeOptions linear => LinearProbeProtocol.Run(model.Backbone, data, linear, context),
            SemiSupervisedOptions semi => SemiSupervisedProtocol.Run(model.Backbone, data,
                LabelSubset.ClassBalanced(data.Train, semi.LabelFraction, semi.Seed), semi, context),
            DenseProbeOptions dense => DenseProbeProtocol.Run(model.Backbone, data, dense, context),
            _ => LocalizationProtocol.Run(Maps(model), data.Test, data.Normalization, data.Dataset, context, maxImages),
        };
    }

    private static object? Options(string protocol, IReadOnlyDictionary<string, string> p, out int maxImages)
    {
        maxImages = 0;
        switch (protocol)
        {
            case KnnProtocol.Name:
                var knn = new KnnOptions
                {
                    K = Int(p, "k") ?? KnnSetting.Default.K,
                    Temperature = Double(p, "temperature") ?? KnnSetting.Default.Temperature,
                    AlsoWide = Bool(p, "wide") ?? true,
                };
                knn.Validate();
                return knn;
            case LinearProbeProtocol.Name:
                var linear0 = new LinearProbeOptions();
                var linear = linear0 with
                {
                    Epochs = Int(p, "epochs") ?? linear0.Epochs,
                    LearningRate = Double(p, "lr") ?? linear0.LearningRate,
                    Momentum = Double(p, "momentum") ?? linear0.Momentum,
                    WeightDecay = Double(p, "weightDecay") ?? linear0.WeightDecay,
                    BatchSize = Int(p, "batchSize") ?? linear0.BatchSize,
                    Schedule = Schedule(p, linear0.Schedule),
                    Augment = Bool(p, "augment") ?? linear0.Augment,
                    Seed = Long(p, "seed") ?? linear0.Seed,
                };
                linear.Validate();
                return linear;
            case SemiSupervisedProtocol.Name:
                var official = SemiSupervisedOptions.ForFraction(Double(p, "fraction") ?? 0.1);
                var semi = official with
                {
                    Epochs = Int(p, "epochs") ?? official.Epochs,
                    BackboneLearningRate = Double(p, "backboneLr") ?? official.BackboneLearningRate,
                    ClassifierLearningRate = Double(p, "classifierLr") ?? official.ClassifierLearningRate,
                    WeightDecay = Double(p, "weightDecay") ?? official.WeightDecay,
                    BatchSize = Int(p, "batchSize") ?? official.BatchSize,
                    Schedule = Schedule(p, official.Schedule),
                    Augment = Bool(p, "augment") ?? official.Augment,
                    Seed = Long(p, "seed") ?? official.Seed,
                };
                semi.Validate();
                return semi;
            case DenseProbeProtocol.Name:
                var dense0 = new DenseProbeOptions();
                var dense = dense0 with
                {
                    Epochs = Int(p, "epochs") ?? dense0.Epochs,
                    LearningRate = Double(p, "lr") ?? dense0.LearningRate,
                    Momentum = Double(p, "momentum") ?? dense0.Momentum,
                    WeightDecay = Double(p, "weightDecay") ?? dense0.WeightDecay,
                    BatchSize = Int(p, "batchSize") ?? dense0.BatchSize,
                    Schedule = Schedule(p, dense0.Schedule),
                    Seed = Long(p, "seed") ?? dense0.Seed,
                };
                dense.Validate();
                return dense;
            case LocalizationProtocol.Name:
                maxImages = Int(p, "maxImages") ?? 0;
                if (maxImages < 0) throw new ParameterException("maxImages", $"{maxImages} is negative: use 0 for all test images");
                return null;
            default:
                throw new ArgumentException($"'{protocol}' is not a protocol: use one of {string.Join(", ", All)}", nameof(protocol));
        }
    }

    /// <summary>The alignment maps [B, K, h, w] of a checkpoint with a LEWEL neck.</summary>
    private static Func<Tensor, Tensor> Maps(CheckpointModel model)
    {
        var neck = model.Neck ?? throw new InvalidOperationException(
            $"{model.Source}: the checkpoint has no LEWEL neck ({model.Layout.Name} layout), so it has no alignment maps to score");
        var backbone = model.Backbone;
        return images =>
        {
            var features = backbone.call(images);
            var maps = neck.call(features).Maps;
            return maps.reshape(maps.shape[0], maps.shape[1], features.shape[2], features.shape[3]);
        };
    }

    private static ProbeSchedule Schedule(IReadOnlyDictionary<string, string> p, ProbeSchedule defaults) =>
        p.TryGetValue("schedule", out var kind) ? defaults with { Kind = kind } : defaults;

    private static int? Int(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var text) ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ParameterException(key, $"'{text}' is not a whole number");

    private static long? Long(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var text) ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ParameterException(key, $"'{text}' is not a whole number");

    private static double? Double(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var text) ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new ParameterException(key, $"'{text}' is not a number");

    private static bool? Bool(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var text) ? null
        : bool.TryParse(text, out var value) ? value
        : throw new ParameterException(key, $"'{text}' is not true or false");

    private sealed class ParameterException(string key, string message) : ArgumentException(message)
    {
        public string Key { get; } = key;
    }
}
