using System.CommandLine;
using System.Text.Json.Nodes;
using Lewel.Engine.Config;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary>The configuration options that <c>pretrain</c> and <c>study</c> share. Each one given on the command line
/// becomes a (path, value) flag laid over the preset, between <c>--config</c> and <c>--set</c>
/// (<see cref="ConfigArguments.Build"/>).</summary>
internal sealed class RunConfigOptions
{
    public Option<string?> Preset { get; } = new("--preset") { Description = $"Recipe for the fields left out: {string.Join(", ", Presets.Names)} (default small)" };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "Data-set spec, e.g. shapes:size=32,n=4096,seed=1 or cifar10:/data/cifar-10-batches-bin" };
    public Option<string?> Backbone { get; } = new("--backbone") { Description = "resnet18, resnet34 or resnet50" };
    public Option<double?> Width { get; } = new("--width") { Description = "Backbone width multiplier (0.25 = a quarter of the channels)" };
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Training resolution in pixels" };
    public Option<int?> Epochs { get; }
    public Option<int?> Steps { get; }
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Images per view per step" };
    public Option<string?> Device { get; }
    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for libtorch (0 = its default)" };
    public Option<string?> Config { get; } = new("--config") { Description = "A JSON file with configuration fields (camelCase, as in config.json)" };
    public Option<string[]> Set { get; } = new("--set") { Description = "Set one field: --set lewel.numHeads=2 --set optimizer.baseLr=0.5 (repeatable)" };

    /// <param name="lengthOf">What --epochs and --steps measure, e.g. "the run" or "each run".</param>
    public RunConfigOptions(LewelSettings settings, string lengthOf)
    {
        Epochs = new Option<int?>("--epochs") { Description = $"Length of {lengthOf} in epochs" };
        Steps = new Option<int?>("--steps") { Description = $"Length of {lengthOf} in optimiser steps (takes precedence over --epochs)" };
        Device = new Option<string?>("--device") { Description = $"auto, cpu, cuda or cuda:N (default from settings: {settings.Device})" };
    }

    public IEnumerable<Option> All => [Preset, Dataset, Backbone, Width, ImageSize, Epochs, Steps, BatchSize, Device, Threads, Config, Set];

    /// <summary>The options the user gave, as configuration paths and values.</summary>
    public List<(string Path, JsonNode? Value)> Flags(ParseResult parse)
    {
        var flags = new List<(string, JsonNode?)>();
        void Flag<T>(Option<T> option, string path)
        {
            if (parse.GetResult(option) is not null) flags.Add((path, JsonValue.Create(parse.GetValue(option))));
        }
        Flag(Preset, "preset");
        Flag(Dataset, "dataset");
        Flag(Backbone, "backbone");
        Flag(Width, "width");
        Flag(ImageSize, "imageSize");
        Flag(Epochs, "epochs");
        Flag(Steps, "steps");
        Flag(BatchSize, "batchSize");
        Flag(Device, "device");
        Flag(Threads, "threads");
        return flags;
    }

    /// <summary>The user's configuration: the file, then the flags, then the assignments.</summary>
    public JsonObject Build(ParseResult parse, IEnumerable<(string Path, JsonNode? Value)> extraFlags) =>
        ConfigArguments.Build(parse.GetValue(Config), [.. Flags(parse), .. extraFlags], parse.GetValue(Set) ?? []);
}
