using Lewel.Bench;

// dotnet run -c Release --project bench/Lewel.Bench -- <benchmark> [options]; results go to bench/results/<benchmark>.json.
// ./bench/run.sh [--quick] runs them all and rewrites BENCHMARKS.md.
var benchmarks = BenchmarkRegistry.All;
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: Lewel.Bench <benchmark> [options]\nbenchmarks: " + string.Join(", ", benchmarks.Keys));
    return args.Length == 0 ? 0 : 2;
}
try
{
    return benchmark(args[1..]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 2;
}
