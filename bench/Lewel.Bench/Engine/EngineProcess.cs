using System.Globalization;
using System.Text.Json;
using Lewel.Bench.Measurement;

namespace Lewel.Bench.Engine;

/// <summary>Runs <see cref="EngineStep"/> in a fresh child process (the <c>engine-step</c> command of this same
/// program), as the PyTorch reference runs in its own: both start cold and the peak RSS belongs to one configuration.</summary>
public static class EngineProcess
{
    public static StepMeasurement Measure(string method, BenchConfig config, int warmup, int steps, int threads, TimeSpan timeout)
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var line = ChildProcess.RunLastLine(
        [
            "engine-step", "--method", method, "--name", config.Name, "--backbone", config.Backbone,
            "--width", config.Width.ToString(CultureInfo.InvariantCulture), "--stem", config.Stem, "--image-size", I(config.ImageSize),
            "--batch", I(config.BatchSize), "--warmup", I(warmup), "--steps", I(steps), "--threads", I(threads),
        ], timeout, $"the engine step for {method} at {config.Name}");
        return JsonSerializer.Deserialize<StepMeasurement>(line, ResultsFile.CompactJson)
               ?? throw new InvalidDataException($"the engine step printed no measurement: {line}");
    }

    /// <summary><c>engine-step --method M --name N --backbone B --width W --stem S --image-size S --batch N --warmup N
    /// --steps N --threads N</c>: measures one configuration in this process and prints it as one JSON line.</summary>
    public static int Command(string[] argv)
    {
        var a = ChildArguments.Parse("engine-step", argv);
        var measurement = EngineStep.Measure(a.Get("method"), a.Config(), a.Int("warmup"), a.Int("steps"), a.Int("threads"));
        Console.WriteLine(JsonSerializer.Serialize(measurement, ResultsFile.CompactJson));
        return 0;
    }
}
