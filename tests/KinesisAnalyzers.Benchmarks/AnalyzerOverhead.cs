using System.Collections.Immutable;
using System.Diagnostics;
using KinesisAnalyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>Measures what the KIN analyzers add to a compilation, against a baseline that runs the same
/// analyzer driver with an analyzer that does nothing, and against three analyzers that each do part of
/// the rules' work and nothing else: one that registers an IOperation action that does nothing (every
/// method body bound), one that only reports the rules' findings again, and one that binds where the
/// rules bind (their candidate calls and assignments) and reports their findings (the least this
/// design can cost). Three compilations: "kinesis", whose files all use Kinesis and each have one
/// KIN001 finding; "clean", the same producers with that mistake fixed (no finding); "plain", whose
/// files never use Kinesis (and that does not reference Amazon.Kinesis).</summary>
internal static class AnalyzerOverhead
{
    public static void Run(int filesPerHalf, int rounds)
    {
        var kinesisAnalyzers = SourceCorpus.KinesisAnalyzers()
            .Where(a => Environment.GetEnvironmentVariable("BENCH_ONLY") is not { } only || only.Split(',').Any(o => a.GetType().Name.StartsWith(o, StringComparison.Ordinal)))
            .ToImmutableArray();
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
        // What any IOperation analyzer costs (the SDK's own CA rules already pay it): the driver builds operation trees.
        var operationBaseline = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer());

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p)).ToList<MetadataReference>();
        var withAws = references.Append(MetadataReference.CreateFromFile(typeof(Amazon.Runtime.AmazonServiceException).Assembly.Location)).ToList();

        var parse = SourceCorpus.ParseOptions;
        var options = SourceCorpus.CompilationOptions;
        string StandIn()
        {
            using var s = typeof(SourceCorpus).Assembly.GetManifestResourceStream("AmazonKinesisStandIn.cs")!;
            return new StreamReader(s).ReadToEnd();
        }

        var kinesisTrees = Enumerable.Range(0, filesPerHalf).Select(i => CSharpSyntaxTree.ParseText(SourceCorpus.KinesisFile(i), parse, $"K{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(StandIn(), parse, "StandIn.cs")).ToList();
        var cleanTrees = Enumerable.Range(0, filesPerHalf).Select(i => CSharpSyntaxTree.ParseText(SourceCorpus.KinesisFile(i, withFinding: false), parse, $"C{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(StandIn(), parse, "StandIn.cs")).ToList();
        var plainTrees = Enumerable.Range(0, filesPerHalf).Select(i => CSharpSyntaxTree.ParseText(SourceCorpus.PlainFile(i), parse, $"P{i}.cs")).ToList();

        var kinesis = CSharpCompilation.Create("KinesisHalf", kinesisTrees, withAws, options);
        var clean = CSharpCompilation.Create("KinesisCleanHalf", cleanTrees, withAws, options);
        var plain = CSharpCompilation.Create("PlainHalf", plainTrees, references, options);
        var compileErrors = kinesis.GetDiagnostics().Concat(clean.GetDiagnostics()).Concat(plain.GetDiagnostics()).Count(d => d.Severity == DiagnosticSeverity.Error);
        if (compileErrors > 0)
        {
            foreach (var d in kinesis.GetDiagnostics().Concat(clean.GetDiagnostics()).Concat(plain.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)) Console.Error.WriteLine(d);
            throw new InvalidOperationException("The corpus does not compile.");
        }

        // Full build work: compiler diagnostics, analyzer diagnostics, and emit. Fresh compilations each time (no cached binding).
        // Wall time and the process's CPU time: on a shared machine the CPU time is far less disturbed by other work.
        static (double Seconds, double CpuSeconds, double AllocatedMiB, ImmutableArray<Diagnostic> Diagnostics) Build(CSharpCompilation template, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var compilation = template.Clone();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            // As csc runs them: concurrently when the build is (BENCH_SERIAL_ANALYSIS=1 runs them on one thread, as earlier figures did).
            var concurrent = Environment.GetEnvironmentVariable("BENCH_SERIAL_ANALYSIS") != "1";
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(AnalyzerOptions(), null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: false));
            var diagnostics = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            using var peStream = new MemoryStream();
            var emit = compilation.Emit(peStream);
            stopwatch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024.0 * 1024.0);
            if (!emit.Success) throw new InvalidOperationException("emit failed");
            if (diagnostics.FirstOrDefault(d => d.Id == "AD0001") is { } crash) throw new InvalidOperationException("An analyzer threw: " + crash);
            return (stopwatch.Elapsed.TotalSeconds, cpu, allocated, diagnostics.Where(d => d.Id.StartsWith("KIN", StringComparison.Ordinal)).ToImmutableArray());
        }

        static AnalyzerOptions AnalyzerOptions() => new(ImmutableArray<AdditionalText>.Empty);

        Console.WriteLine($"analyzers={kinesisAnalyzers.Length} files_per_compilation={filesPerHalf} rounds={rounds}");
        foreach (var (name, compilation) in new[] { ("kinesis", kinesis), ("clean", clean), ("plain", plain) }.Where(h => Environment.GetEnvironmentVariable("BENCH_HALF") is not { } half || half == h.Item1))
        {
            // What reporting the rules' findings costs by itself: the driver checks each diagnostic's location for
            // [SuppressMessage] and generated code, whoever reports it. This analyzer only reports the same diagnostics.
            var findings = Build(compilation, kinesisAnalyzers).Diagnostics;
            var reportingBaseline = ImmutableArray.Create<DiagnosticAnalyzer>(new ReportingAnalyzer(findings));
            // The least the rules' design can cost: bind where the rules bind, then report what they report.
            var candidateBaseline = ImmutableArray.Create<DiagnosticAnalyzer>(new CandidateBindingAnalyzer(findings));
            var configurations = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
            {
                ("baseline", baseline),
                ("operation_baseline", operationBaseline),
                ("reporting_baseline", reportingBaseline),
                ("candidate_baseline", candidateBaseline),
                ("analyzers", kinesisAnalyzers),
            };
            var times = configurations.ToDictionary(c => c.Name, _ => new List<double>());
            var cpuTimes = configurations.ToDictionary(c => c.Name, _ => new List<double>());
            var allocations = configurations.ToDictionary(c => c.Name, _ => new List<double>());
            var reported = 0;
            foreach (var configuration in configurations)
            {
                Build(compilation, configuration.Analyzers); // warm-up (JIT)
            }

            for (var round = 0; round < rounds; round++)
            {
                // Rotate the order so drift on a noisy machine hits every configuration alike.
                for (var i = 0; i < configurations.Length; i++)
                {
                    var (configName, analyzers) = configurations[(i + round) % configurations.Length];
                    var result = Build(compilation, analyzers);
                    times[configName].Add(result.Seconds);
                    cpuTimes[configName].Add(result.CpuSeconds);
                    allocations[configName].Add(result.AllocatedMiB);
                    if (configName == "analyzers")
                    {
                        reported = result.Diagnostics.Length;
                    }
                }
            }

            // The figure users feel comes first: overhead against the analyzer that registers nothing.
            static double Overhead(Dictionary<string, List<double>> measured, string against) =>
                Medians.OverheadPercent(measured[against], measured["analyzers"]);

            // What a baseline analyzer itself adds to the build (against the analyzer that registers nothing).
            static double Floor(Dictionary<string, List<double>> measured, string floor) =>
                Medians.OverheadPercent(measured["baseline"], measured[floor]);
            Console.WriteLine($"{name}_overhead_percent={Overhead(times, "baseline"):F1}");
            Console.WriteLine($"{name}_cpu_overhead_percent={Overhead(cpuTimes, "baseline"):F1}");
            Console.WriteLine($"{name}_overhead_vs_operation_baseline_percent={Overhead(times, "operation_baseline"):F1}");
            Console.WriteLine($"{name}_cpu_overhead_vs_operation_baseline_percent={Overhead(cpuTimes, "operation_baseline"):F1}");
            Console.WriteLine($"{name}_overhead_vs_reporting_baseline_percent={Overhead(times, "reporting_baseline"):F1}");
            Console.WriteLine($"{name}_cpu_overhead_vs_reporting_baseline_percent={Overhead(cpuTimes, "reporting_baseline"):F1}");
            Console.WriteLine($"{name}_overhead_vs_candidate_baseline_percent={Overhead(times, "candidate_baseline"):F1}");
            Console.WriteLine($"{name}_cpu_overhead_vs_candidate_baseline_percent={Overhead(cpuTimes, "candidate_baseline"):F1}");
            Console.WriteLine($"{name}_candidate_baseline_overhead_percent={Floor(times, "candidate_baseline"):F1}");
            Console.WriteLine($"{name}_candidate_baseline_cpu_overhead_percent={Floor(cpuTimes, "candidate_baseline"):F1}");
            Console.WriteLine($"{name}_reporting_baseline_cpu_overhead_percent={Floor(cpuTimes, "reporting_baseline"):F1}");
            // Allocation hardly depends on what else runs on the machine: a steadier view of the same work.
            Console.WriteLine($"{name}_allocation_overhead_percent={Overhead(allocations, "baseline"):F1}");
            Console.WriteLine($"{name}_allocation_overhead_vs_reporting_baseline_percent={Overhead(allocations, "reporting_baseline"):F1}");
            Console.WriteLine($"{name}_allocation_overhead_vs_candidate_baseline_percent={Overhead(allocations, "candidate_baseline"):F1}");
            Console.WriteLine($"{name}_kin_diagnostics={reported}");
            foreach (var configuration in configurations)
            {
                Console.WriteLine($"{name}_{configuration.Name}_seconds={Medians.Of(times[configuration.Name]):F3}");
                Console.WriteLine($"{name}_{configuration.Name}_cpu_seconds={Medians.Of(cpuTimes[configuration.Name]):F3}");
                Console.WriteLine($"{name}_{configuration.Name}_allocated_mib={Medians.Of(allocations[configuration.Name]):F1}");
            }

            // Where the time goes: the driver's own per-analyzer execution time, from one extra run.
            var timed = compilation.Clone().WithAnalyzers(kinesisAnalyzers, new CompilationWithAnalyzersOptions(AnalyzerOptions(), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            timed.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            foreach (var analyzer in kinesisAnalyzers)
            {
                var info = timed.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                Console.WriteLine($"{name}_ms_{analyzer.GetType().Name}={info.ExecutionTime.TotalMilliseconds:F0}");
            }
        }
    }
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH000", "never", "never", "bench", DiagnosticSeverity.Hidden, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
    }
}

/// <summary>Registers an invocation action that does nothing: the cost of running any IOperation analyzer.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH001", "never", "never", "bench", DiagnosticSeverity.Hidden, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}

/// <summary>Reports the given diagnostics again (same ids and places), from one semantic-model action per file, and does nothing else.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ReportingAnalyzer(ImmutableArray<Diagnostic> findings) : DiagnosticAnalyzer
{
    private readonly ILookup<string, Diagnostic> _byFile = findings.ToLookup(d => d.Location.SourceTree!.FilePath);

    // Same ids and severities, with the finding's text as the whole message.
    private readonly Dictionary<string, DiagnosticDescriptor> _descriptors = findings.Select(d => d.Descriptor).DistinctBy(d => d.Id)
        .ToDictionary(d => d.Id, d => new DiagnosticDescriptor(d.Id, d.Title, "{0}", d.Category, d.DefaultSeverity, isEnabledByDefault: true));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _descriptors.Values.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(Report);
    }

    public void Report(SemanticModelAnalysisContext model)
    {
        foreach (var finding in _byFile[model.SemanticModel.SyntaxTree.FilePath])
        {
            model.ReportDiagnostic(Diagnostic.Create(_descriptors[finding.Id], Location.Create(model.SemanticModel.SyntaxTree, finding.Location.SourceSpan), finding.Properties, finding.GetMessage()));
        }
    }
}

/// <summary>
/// Binds what the rules bind and reports what they report, and decides nothing: at every call of PutRecord(s)(Async)
/// and every assignment to PartitionKey in a file, found the way the rules find them (<see cref="SourceNames"/>), it
/// asks the semantic model for the operation (which binds the method around it, as the rules' own request does), then
/// reports the given findings again. What is left between this and the rules is the rules' own work.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class CandidateBindingAnalyzer(ImmutableArray<Diagnostic> findings) : DiagnosticAnalyzer
{
    // The driver skips an analyzer with no diagnostics to report: this one runs even when there are no findings.
    private static readonly DiagnosticDescriptor Never = new("BENCH002", "never", "never", "bench", DiagnosticSeverity.Hidden, true);
    private readonly ReportingAnalyzer _reporter = new(findings);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _reporter.SupportedDiagnostics.Add(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(model =>
        {
            var tree = model.SemanticModel.SyntaxTree;
            var calls = KinesisSymbols.PutNames.SelectMany(name => SourceNames.UsesIn(tree, name, model.CancellationToken)).Select(use => (SyntaxNode?)SourceNames.CallOf(use));
            var assignments = SourceNames.UsesIn(tree, "PartitionKey", model.CancellationToken).Select(use => (SyntaxNode?)SourceNames.AssignmentTo(use));
            foreach (var candidate in calls.Concat(assignments))
            {
                if (candidate is not null)
                {
                    model.SemanticModel.GetOperation(candidate, model.CancellationToken);
                }
            }

            _reporter.Report(model);
        });
    }
}
