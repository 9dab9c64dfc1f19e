using System.Globalization;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Interop;
using static TorchSharp.torch;

namespace Lewel.Engine.Evaluation;

/// <summary>The evaluation protocols a checkpoint can be measured with (lewel-method.md §8), the
/// parameters each accepts (the same knobs as <c>lewel eval</c>), and how each is run.</summary>
public static class EvaluationCatalog
{
    private static readonly Dictionary<string, string[]> Accepted = new()
    {
        [KnnProtocol.Name] = ["dataset", "k", "temperature", "wide"],
        [LinearProbeProtocol.Name] = ["dataset", "epochs", "lr", "batchSize", "augment", "seed"],
        [SemiSupervisedProtocol.Name] = ["dataset", "fraction", "epochs", "seed"],
        [DenseProbeProtocol.Name] = ["dataset", "epochs", "lr", "seed"],
        [LocalizationProtocol.Name] = ["dataset", "maxImages"],
    };

    public static IReadOnlyList<string> All { get; } = [.. Accepted.Keys];

    /// <summary>Every problem with a request, keyed by field (<c>protocol</c>, <c>parameters.k</c>).</summary>
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

    /// <summary>Runs <paramref name="protocol"/> on the loaded checkpoint.</summary>
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
                var defaults = new LinearProbeOptions();
                var linear = defaults with
                {
                    Epochs = Int(p, "epochs") ?? defaults.Epochs,
                    LearningRate = Double(p, "lr") ?? defaults.LearningRate,
                    BatchSize = Int(p, "batchSize") ?? defaults.BatchSize,
                    Augment = Bool(p, "augment") ?? defaults.Augment,
                    Seed = Int(p, "seed") ?? defaults.Seed,
                };
                linear.Validate();
                return linear;
            case SemiSupervisedProtocol.Name:
                var official = SemiSupervisedOptions.ForFraction(Double(p, "fraction") ?? 0.1);
                var semi = official with { Epochs = Int(p, "epochs") ?? official.Epochs, Seed = Int(p, "seed") ?? official.Seed };
                semi.Validate();
                return semi;
            case DenseProbeProtocol.Name:
                var dense0 = new DenseProbeOptions();
                var dense = dense0 with
                {
                    Epochs = Int(p, "epochs") ?? dense0.Epochs, LearningRate = Double(p, "lr") ?? dense0.LearningRate,
                    Seed = Int(p, "seed") ?? dense0.Seed,
                };
                dense.Validate();
                return dense;
            case LocalizationProtocol.Name:
                maxImages = Int(p, "maxImages") ?? 0;
                if (maxImages < 0) throw new ParameterException("maxImages", $"{maxImages} is negative: use 0 for all test images");
                return null;
            default:
                throw new ArgumentException($"'{protocol}' is not a protocol", nameof(protocol));
        }
    }

    private static Func<Tensor, Tensor> Maps(CheckpointModel model)
    {
        var neck = model.Neck ?? throw new InvalidOperationException(
            $"{model.Source}: the checkpoint has no LEWEL neck ({model.Layout.Name} layout), so it has no alignment maps to score");
        return images =>
        {
            var features = model.Backbone.call(images);
            var maps = neck.call(features).Maps;
            return maps.reshape(maps.shape[0], maps.shape[1], features.shape[2], features.shape[3]);
        };
    }

    private static int? Int(IReadOnlyDictionary<string, string> p, string key) =>
        !p.TryGetValue(key, out var text) ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
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
