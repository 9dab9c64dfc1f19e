using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Models.Necks;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Interop;

/// <summary>The online network of a checkpoint (own or official PyTorch layout) rebuilt from the shapes of its weights
/// and loaded, in eval mode on its device: the backbone always, the LEWEL neck when the checkpoint has one. Also says
/// how inputs must be prepared (normalisation, input size) when the checkpoint's run config is known.</summary>
public sealed class CheckpointModel : IDisposable
{
    private CheckpointModel(string source, CheckpointLayout layout, ResNetArchitecture backboneArchitecture, ResNet backbone,
        LewelNeckArchitecture? neckArchitecture, LewelNeck? neck, RunConfig? config, Device device)
    {
        Source = source;
        Layout = layout;
        BackboneArchitecture = backboneArchitecture;
        Backbone = backbone;
        NeckArchitecture = neckArchitecture;
        Neck = neck;
        Config = config;
        Device = device;
    }

    public string Source { get; }
    public CheckpointLayout Layout { get; }
    public ResNetArchitecture BackboneArchitecture { get; }
    /// <summary>Returns the last-stage map [B, C, h, w].</summary>
    public ResNet Backbone { get; }
    public LewelNeckArchitecture? NeckArchitecture { get; }
    /// <summary>Null for checkpoints without a LEWEL neck (baselines, bare backbones).</summary>
    public LewelNeck? Neck { get; }
    /// <summary>The run configuration stored with an own checkpoint; null for foreign ones.</summary>
    public RunConfig? Config { get; }
    public Device Device { get; }

    /// <summary>The side the network was trained at: the run config's image size, else 224 for the ImageNet stem and 32
    /// for the small one.</summary>
    public int InputSize => Config?.ImageSize ?? (BackboneArchitecture.Stem == ResNetStem.ImageNet ? 224 : 32);

    /// <summary>The run's explicit normalisation, or null when it used its data set's statistics (or is unknown).</summary>
    public InputNormalization? ConfiguredNormalization =>
        Config?.Augmentation is { Mean: { } mean, Std: { } std } ? new InputNormalization(mean, std) : null;

    /// <summary>How inputs to this network are normalised, and why: the run's explicit mean/std; else the statistics of
    /// the data set it was trained on (opened with <paramref name="openDataset"/>); else ImageNet's for the ImageNet stem;
    /// else <paramref name="fallback"/> (e.g. the evaluation data's own statistics).</summary>
    public (InputNormalization Normalization, string Origin) ResolveNormalization(Func<string, DatasetSplits> openDataset,
        InputNormalization fallback, string fallbackOrigin)
    {
        if (ConfiguredNormalization is { } configured) return (configured, "the run configuration's mean/std");
        if (Config is not null)
        {
            try
            {
                var trained = openDataset(Config.Dataset);
                return (new InputNormalization(trained.Mean, trained.Std), $"statistics of the training data set {Config.Dataset}");
            }
            catch (DatasetException e)
            {
                return (fallback, $"{fallbackOrigin} (the training data set could not be opened: {e.Message})");
            }
        }
        return BackboneArchitecture.Stem == ResNetStem.ImageNet
            ? (InputNormalization.ImageNet, "ImageNet's (no run configuration in the checkpoint)")
            : (fallback, $"{fallbackOrigin} (no run configuration in the checkpoint)");
    }

    /// <summary>One line for logs and results, e.g. "official LEWEL: resnet18 (width 0.125, small stem, padding 1, C=64) + LEWEL neck (K=16, M=4, s=1)".</summary>
    public string Describe() => $"{Layout.Name}: {BackboneArchitecture.Describe()}" +
        (Neck is null ? " (no LEWEL neck)" : $" + LEWEL neck (hidden {NeckArchitecture!.Hidden}, K={Neck.Dim}, M={Neck.NumHeads}, s={Neck.Scale})");

    /// <summary>Loads a checkpoint file, or a run directory's final (else newest) checkpoint.</summary>
    public static CheckpointModel Load(string path, CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        using var weights = LewelWeights.Read(CheckpointPaths.Resolve(path), options.SmallStemPadding);
        return FromWeights(weights, options);
    }

    /// <summary>Builds and loads the network; the run configuration stored with the weights (when there is one) supplies
    /// M and s unless <paramref name="options"/> gives them.</summary>
    public static CheckpointModel FromWeights(LewelWeights weights, CheckpointLoadOptions options)
    {
        var config = weights.Config;
        if (config is not null && options.DataRoots is { } roots && Data.DatasetCatalog.SpecError(config.Dataset, roots) is { } datasetError)
            throw new CheckpointException(weights.Source, $"its embedded run configuration is not valid: dataset: {datasetError}");
        var architecture = weights.BackboneArchitecture;
        architecture.CheckBuildable(weights.Source);
        var backbone = architecture.Create();
        LewelNeck? neck = null;
        try
        {
            ModuleWeights.Load(backbone, weights.Backbone, new WeightSource(weights.Source, "backbone"));
            if (weights.NeckArchitecture is { } n)
            {
                var heads = options.NumHeads ?? config?.Lewel.NumHeads ?? CheckpointLoadOptions.DefaultNumHeads;
                var scale = options.Scale ?? config?.Lewel.Scale ?? CheckpointLoadOptions.DefaultScale;
                n.CheckHeads(heads, weights.Source);
                if (!(scale > 0)) throw new CheckpointException(weights.Source, $"the map scale s must be positive, not {scale}");
                neck = new LewelNeck(n.InChannels, n.Hidden, n.Dim, heads, scale);
                ModuleWeights.Load(neck, weights.Neck!, new WeightSource(weights.Source, "LEWEL neck"));
            }
            backbone.to(options.Device).eval();
            neck?.to(options.Device).eval();
            return new CheckpointModel(weights.Source, weights.Layout, architecture, backbone, weights.NeckArchitecture, neck, config, options.Device);
        }
        catch
        {
            backbone.Dispose();
            neck?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Backbone.Dispose();
        Neck?.Dispose();
    }
}
