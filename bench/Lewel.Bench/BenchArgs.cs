using System.Globalization;

namespace Lewel.Bench;

/// <summary>Options shared by the benchmarks: <c>--quick</c>, <c>--reps N</c>, <c>--warmup N</c>, <c>--steps N</c>,
/// <c>--methods a,b</c>, <c>--threads N</c>. Unknown or malformed options throw <see cref="ArgumentException"/> naming them.</summary>
public sealed record BenchArgs
{
    public bool Quick { get; init; }
    public int? Reps { get; init; }
    public int? Warmup { get; init; }
    public int? Steps { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    /// <summary>CPU threads for libtorch in both implementations (2 = this project's build machines).</summary>
    public int Threads { get; init; } = 2;
    /// <summary>compare: run the PyTorch reference with channels-last tensors instead of the official code's default layout.</summary>
    public bool ReferenceChannelsLast { get; init; }
    /// <summary>Write the results under this name instead of the benchmark's (bench/results/NAME.json).</summary>
    public string? Output { get; init; }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        var result = new BenchArgs();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            int Count()
            {
                var option = args[i];
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw new ArgumentException($"option {option} needs a positive integer, got '{text}'");
            }
            result = args[i] switch
            {
                "--quick" => result with { Quick = true },
                "--reference-channels-last" => result with { ReferenceChannelsLast = true },
                "--reps" => result with { Reps = Count() },
                "--warmup" => result with { Warmup = Count() },
                "--steps" => result with { Steps = Count() },
                "--threads" => result with { Threads = Count() },
                "--output" => result with { Output = Value() },
                "--methods" => result with { Methods = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (known: --quick, --reps, --warmup, --steps, --methods, --threads, --output, --reference-channels-last)"),
            };
        }
        return result;
    }
}
