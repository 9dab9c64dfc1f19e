using System.CommandLine;
using System.Globalization;
using Lewel.Engine.Evaluation;
using Lewel.Engine.Interop;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel eval knn|linear|semi|dense|localization</c>: runs one evaluation protocol on a checkpoint and prints
/// the result labelled with its protocol and every parameter; <c>--out</c> also writes it as JSON. The options become
/// <see cref="EvaluationCatalog"/> parameters, and the catalog runs the protocol.</summary>
public static class EvalCommand
{
    public static Command Create(LewelSettings settings)
    {
        var command = new Command("eval", "Evaluate a checkpoint: kNN, linear probe, semi-supervised fine-tuning, dense probe or localisation score");
        command.Subcommands.Add(Protocol(settings, "knn", KnnProtocol.Name, "Weighted cosine kNN on frozen GAP features (bank: train split, queries: test split)", Knn));
        command.Subcommands.Add(Protocol(settings, "linear", LinearProbeProtocol.Name, "Linear probe on the frozen backbone (SGD, top-1/top-5)", Linear));
        command.Subcommands.Add(Protocol(settings, "semi", SemiSupervisedProtocol.Name, "Semi-supervised fine-tuning of the whole network on a class-balanced label subset", Semi));
        command.Subcommands.Add(Protocol(settings, "dense", DenseProbeProtocol.Name, "Per-pixel linear probe (background/object) on frozen last-stage features; needs masks", Dense));
        command.Subcommands.Add(Protocol(settings, "localization", LocalizationProtocol.Name, "Share of each alignment map's mass on the object, peaks on the object, uniform baseline; needs masks", Localization));
        return command;
    }

    /// <summary>A protocol's options (added to its command) and the function that turns a parse result into the
    /// <see cref="EvaluationCatalog"/> parameters.</summary>
    private delegate Func<ParseResult, Dictionary<string, string>> ProtocolFactory(Command command);

    private static Command Protocol(LewelSettings settings, string name, string protocol, string description, ProtocolFactory factory)
    {
        var command = new Command(name, description);
        var checkpoint = new CheckpointOptions();
        checkpoint.AddTo(command);
        var dataset = new Option<string?>("--dataset") { Description = "Data-set spec (default: the one the checkpoint was trained on)" };
        var output = new Option<string?>("--out") { Description = "Also write the result as JSON to this file" };
        var batchSize = new Option<int?>("--batch-size") { Description = "Images per forward pass when extracting features (default 64 on a CPU, 256 on a GPU)" };
        foreach (var option in new Option[] { dataset, output, batchSize }) command.Options.Add(option);
        var parameters = factory(command);
        command.SetAction(parse => CheckpointOptions.Guard(() =>
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                using var model = checkpoint.Load(parse, settings);
                var spec = parse.GetValue(dataset) ?? model.Config?.Dataset
                    ?? throw new ArgumentException($"{model.Source} carries no run configuration: name the data set with --dataset (e.g. shapes:size=32,n=4096,seed=1)");
                var (data, origin) = EvaluationData.ForCheckpoint(model, spec, s => CheckpointOptions.OpenDataset(s, model.InputSize, settings));
                Console.Error.WriteLine($"{model.Describe()}; inputs normalised with {origin}");
                var context = new EvaluationContext
                {
                    Checkpoint = model.Source,
                    Device = model.Device,
                    RequestedBatchSize = parse.GetValue(batchSize),
                    Progress = new ConsoleProgress(Console.Error),
                    CancellationToken = cancellation.Token,
                };
                var result = EvaluationCatalog.Run(protocol, parameters(parse), model, data, context);
                Console.WriteLine(result.Describe());
                if (parse.GetValue(output) is { } path)
                {
                    var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                    if (directory is not null) Directory.CreateDirectory(directory);
                    File.WriteAllText(path, result.ToJson());
                    Console.WriteLine($"wrote {path}");
                }
                return CheckpointOptions.Succeeded;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static Func<ParseResult, Dictionary<string, string>> Knn(Command command)
    {
        var k = Add(command, new Option<int>("--k") { Description = "Neighbours", DefaultValueFactory = _ => KnnSetting.Default.K });
        var t = Add(command, new Option<double>("--temperature") { Description = "T of the exp(sim/T) votes", DefaultValueFactory = _ => KnnSetting.Default.Temperature });
        var noWide = Add(command, new Option<bool>("--no-wide") { Description = "Do not also report k=200, T=0.1" });
        return parse => new()
        {
            ["k"] = Text(parse.GetValue(k)),
            ["temperature"] = Text(parse.GetValue(t)),
            ["wide"] = Text(!parse.GetValue(noWide)),
        };
    }

    private static Func<ParseResult, Dictionary<string, string>> Linear(Command command)
    {
        var defaults = new LinearProbeOptions();
        var training = TrainingOptions.AddTo(command, defaults.Epochs, defaults.LearningRate, defaults.BatchSize, defaults.Schedule.Kind, "lr");
        var augment = Add(command, new Option<bool>("--augment") { Description = "Random resized crop + flip each epoch (features recomputed every epoch)" });
        return parse =>
        {
            var parameters = training.Parameters(parse);
            parameters["augment"] = Text(parse.GetValue(augment));
            return parameters;
        };
    }

    private static Func<ParseResult, Dictionary<string, string>> Semi(Command command)
    {
        var fraction = Add(command, new Option<double>("--fraction") { Description = "Share of the train labels used, class-balanced: 0.01 or 0.1 (sets the official learning rates)", DefaultValueFactory = _ => 0.1 });
        var epochs = Add(command, new Option<int?>("--epochs") { Description = "Default 50" });
        var backboneLr = Add(command, new Option<double?>("--backbone-lr") { Description = "Default 1e-4 at 1 %, 0.01 at 10 %" });
        var classifierLr = Add(command, new Option<double?>("--classifier-lr") { Description = "Default 1.0 at 1 %, 0.1 at 10 %" });
        var weightDecay = Add(command, new Option<double?>("--weight-decay") { Description = "Default 1e-4" });
        var probeBatch = Add(command, new Option<int?>("--probe-batch-size") { Description = "Training batch (default 256)" });
        var schedule = Add(command, new Option<string?>("--schedule") { Description = "step (x0.1 at 60 % and 80 %, default) or cosine" });
        var noAugment = Add(command, new Option<bool>("--no-augment") { Description = "Train on the plain images instead of random resized crops + flips" });
        var seed = Add(command, new Option<long>("--seed") { Description = "Seed of the label subset, initialisation and order", DefaultValueFactory = _ => 0 });
        return parse =>
        {
            var parameters = new Dictionary<string, string>
            {
                ["fraction"] = Text(parse.GetValue(fraction)),
                ["augment"] = Text(!parse.GetValue(noAugment)),
                ["seed"] = Text(parse.GetValue(seed)),
            };
            if (parse.GetValue(epochs) is { } e) parameters["epochs"] = Text(e);
            if (parse.GetValue(backboneLr) is { } b) parameters["backboneLr"] = Text(b);
            if (parse.GetValue(classifierLr) is { } c) parameters["classifierLr"] = Text(c);
            if (parse.GetValue(weightDecay) is { } w) parameters["weightDecay"] = Text(w);
            if (parse.GetValue(probeBatch) is { } n) parameters["batchSize"] = Text(n);
            if (parse.GetValue(schedule) is { } s) parameters["schedule"] = s;
            return parameters;
        };
    }

    private static Func<ParseResult, Dictionary<string, string>> Dense(Command command)
    {
        var defaults = new DenseProbeOptions();
        var training = TrainingOptions.AddTo(command, defaults.Epochs, defaults.LearningRate, defaults.BatchSize, defaults.Schedule.Kind, "lr");
        return training.Parameters;
    }

    private static Func<ParseResult, Dictionary<string, string>> Localization(Command command)
    {
        var maxImages = Add(command, new Option<int>("--max-images") { Description = "Score only the first N test images (0 = all)", DefaultValueFactory = _ => 0 });
        return parse => new() { ["maxImages"] = Text(parse.GetValue(maxImages)) };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";

    private static Option<T> Add<T>(Command command, Option<T> option)
    {
        command.Options.Add(option);
        return option;
    }

    /// <summary>The SGD options shared by the linear and dense probes.</summary>
    private sealed record TrainingOptions(Option<int> Epochs, Option<double> LearningRate, Option<double> Momentum, Option<double> WeightDecay,
        Option<int> BatchSize, Option<string> Schedule, Option<long> Seed)
    {
        public static TrainingOptions AddTo(Command command, int epochs, double lr, int batchSize, string schedule, string lrName) => new(
            Add(command, new Option<int>("--epochs") { Description = "Training epochs of the classifier", DefaultValueFactory = _ => epochs }),
            Add(command, new Option<double>("--" + lrName) { Description = "SGD learning rate", DefaultValueFactory = _ => lr }),
            Add(command, new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => 0.9 }),
            Add(command, new Option<double>("--weight-decay") { Description = "SGD weight decay", DefaultValueFactory = _ => 0 }),
            Add(command, new Option<int>("--probe-batch-size") { Description = "Training batch of the classifier", DefaultValueFactory = _ => batchSize }),
            Add(command, new Option<string>("--schedule") { Description = "step (x0.1 at 60 % and 80 % of the epochs) or cosine", DefaultValueFactory = _ => schedule }),
            Add(command, new Option<long>("--seed") { Description = "Seed of the initialisation and order", DefaultValueFactory = _ => 0 }));

        /// <summary>The catalog parameters of these options (every one: the defaults are the options' own).</summary>
        public Dictionary<string, string> Parameters(ParseResult parse) => new()
        {
            ["epochs"] = Text(parse.GetValue(Epochs)),
            ["lr"] = Text(parse.GetValue(LearningRate)),
            ["momentum"] = Text(parse.GetValue(Momentum)),
            ["weightDecay"] = Text(parse.GetValue(WeightDecay)),
            ["batchSize"] = Text(parse.GetValue(BatchSize)),
            ["schedule"] = parse.GetValue(Schedule)!,
            ["seed"] = Text(parse.GetValue(Seed)),
        };
    }

    /// <summary>Prints a line when a stage starts and when it ends.</summary>
    private sealed class ConsoleProgress(TextWriter writer) : IProgress<EvaluationProgress>
    {
        private string? stage;

        public void Report(EvaluationProgress value)
        {
            if (value.Stage != stage)
            {
                stage = value.Stage;
                if (value.Done < value.Total) writer.WriteLine($"{value.Protocol}: {value.Stage} ...");
            }
            if (value.Done == value.Total) writer.WriteLine($"{value.Protocol}: {value.Stage} {value.Done}/{value.Total}");
        }
    }
}
