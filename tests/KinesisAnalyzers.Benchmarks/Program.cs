using System.Globalization;
using KinesisAnalyzers.Benchmarks;

// Benchmarks as a console harness printing key=value lines (BenchmarkDotNet would pin its own Roslyn under the analyzers).
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks -- --quick        every mode, small (under 2 minutes)
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks                   every mode, full size
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks -- MODE [ARGS]    one mode, full size (or MODE --quick)
//     throughput [seconds=15] [warmup-seconds=2]
//     analyzers [files-per-half=500] [rounds=7]   (env BENCH_ONLY=KIN001,KIN003 keeps those rules; BENCH_HALF=kinesis, clean or plain runs one compilation)
//     csc [files-per-compilation=500] [rounds=7]   (the SDK's compiler server on the same files; env BENCH_HALF as above)
//     producer [records=200000] [rounds=5]
//     aggregation [records=200000] [rounds=5]
// A mode is one line below: its name, its full run (given the arguments after its name), and its quick run (null: left out of --quick).
BenchmarkMode[] modes =
[
    new("throughput", a => ThroughputBenchmark.RunAsync(TimeSpan.FromSeconds(Arg(a, 0, 15)), TimeSpan.FromSeconds(Arg(a, 1, 2))),
        () => ThroughputBenchmark.RunAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1))),
    new("analyzers", a => Sync(() => AnalyzerOverhead.Run(Arg(a, 0, 500), Arg(a, 1, 7))), () => Sync(() => AnalyzerOverhead.Run(20, 2))),
    new("csc", a => Sync(() => CompilerServerOverhead.Run(Arg(a, 0, 500), Arg(a, 1, 7))), () => Sync(() => CompilerServerOverhead.Run(50, 2))),
    new("producer", a => ProducerThroughput.RunAsync(Arg(a, 0, 200_000), Arg(a, 1, 5)), null),
    new("aggregation", a => AggregationThroughput.RunAsync(Arg(a, 0, 200_000), Arg(a, 1, 5)), () => AggregationThroughput.RunAsync(50_000, 2)),
];

var quick = args.Contains("--quick");
var positional = args.Where(a => a != "--quick").ToArray();
if (positional.Length == 0)
{
    foreach (var mode in modes.Where(m => !quick || m.Quick is not null))
    {
        await (quick ? mode.Quick!() : mode.Full([]));
    }

    return 0;
}

var chosen = modes.FirstOrDefault(m => m.Name == positional[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"Unknown mode '{positional[0]}': use {string.Join(", ", modes.Select(m => m.Name))}, or --quick.");
    return 2;
}

await (quick && chosen.Quick is not null ? chosen.Quick() : chosen.Full(positional[1..]));
return 0;

static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static Task Sync(Action run)
{
    run();
    return Task.CompletedTask;
}

/// <summary>A benchmark mode: its name, its full run given its arguments, and its quick run (null when --quick leaves it out).</summary>
internal sealed record BenchmarkMode(string Name, Func<string[], Task> Full, Func<Task>? Quick);
