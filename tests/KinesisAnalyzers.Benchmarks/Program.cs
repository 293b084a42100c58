using KinesisAnalyzers.Benchmarks;

// Benchmarks as a console harness printing key=value lines (BenchmarkDotNet pins a newer Roslyn than
// the analyzers' 4.8.0). Usage:
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks -- analyzers [files-per-half=500] [rounds=7]
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks -- producer [records=200000] [rounds=5]
//   dotnet run -c Release --project tests/KinesisAnalyzers.Benchmarks -- aggregation [records=200000] [rounds=5]
var mode = args.Length > 0 ? args[0] : "analyzers";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
switch (mode)
{
    case "analyzers":
        AnalyzerOverhead.Run(Arg(1, 500), Arg(2, 7));
        break;
    case "producer":
        await ProducerThroughput.RunAsync(Arg(1, 200_000), Arg(2, 5));
        break;
    case "aggregation":
        await AggregationThroughput.RunAsync(Arg(1, 200_000), Arg(2, 5));
        break;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}': use 'analyzers', 'producer' or 'aggregation'.");
        return 2;
}

return 0;
