using System.CommandLine;
using Lewel.Engine.Checkpoints;
using Lewel.Engine.Config;
using Lewel.Engine.Data;
using Lewel.Engine.Interop;
using Lewel.Engine.Rendering;
using Lewel.Engine.Runtime;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary>The options every checkpoint-reading command shares (<c>eval</c>, <c>maps</c>, <c>export</c>), loading the
/// network they name, and the exit codes and error reporting of those commands.</summary>
public sealed class CheckpointOptions
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;
    public const int Cancelled = 130;

    public Option<string> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "A checkpoint: this engine's .ckpt or a run directory (its final checkpoint), an official LEWEL " +
                      "PyTorch .pth/.pt ({'state_dict': ...}, 'module.' prefixes allowed), or safetensors",
        Required = true,
    };
    public Option<int?> NumHeads { get; } = new("--num-heads") { Description = "M, the number of map groups (default: the run's, else 4)" };
    public Option<double?> Scale { get; } = new("--scale") { Description = "s, divides the map logits (default: the run's, else 1.0)" };
    public Option<int?> StemPadding { get; } = new("--stem-padding") { Description = "Padding of a 3x3 stem, not visible in the weights (default: the run's, else 1)" };
    public Option<string?> Device { get; } = new("--device") { Description = "auto, cpu, cuda or cuda:N (default from settings)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Checkpoint, NumHeads, Scale, StemPadding, Device }) command.Options.Add(option);
    }

    public CheckpointModel Load(ParseResult parse, LewelSettings settings) =>
        CheckpointModel.Load(parse.GetValue(Checkpoint)!, new CheckpointLoadOptions
        {
            NumHeads = parse.GetValue(NumHeads),
            Scale = parse.GetValue(Scale),
            SmallStemPadding = parse.GetValue(StemPadding),
            Device = DeviceSelector.Resolve(parse.GetValue(Device) ?? settings.Device),
            DataRoots = settings.CreateDataRoots(),
        });

    /// <summary>Opens a data-set spec at the network's input size, caching generated sets under the data directory.</summary>
    public static DatasetSplits OpenDataset(string spec, int imageSize, LewelSettings settings) =>
        DatasetCatalog.Open(spec, settings.DatasetOptions(imageSize));

    /// <summary>Runs a command body, turning the errors a user can fix into one clear line and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is CheckpointException or DatasetException or ConfigException or DeviceUnavailableException or ImageDecodingException
                                       or ArgumentException or FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return Cancelled;
        }
    }
}
