using Lewel.Bench;

// dotnet run -c Release --project bench/Lewel.Bench -- <benchmark> [options]; results go to bench/results/<benchmark>.json
var benchmarks = BenchmarkRegistry.All;
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: Lewel.Bench <benchmark> [options]\nbenchmarks: " + string.Join(", ", benchmarks.Keys));
    return args.Length == 0 ? 0 : 2;
}
return benchmark(args[1..]);
