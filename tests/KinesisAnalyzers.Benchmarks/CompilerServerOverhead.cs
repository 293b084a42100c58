using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>
/// What the analyzers add to a real build: the .NET SDK's own compiler, run through its compiler server as
/// <c>dotnet build</c> runs it (warm, shared), on the same files as <see cref="AnalyzerOverhead"/>, written to disk.
/// Each round compiles the files with the KIN analyzers (the package's analyzer assembly, its binding generator
/// included), with an analyzer that registers nothing (the baseline), and, where the rules find something, with
/// an analyzer that only reports the same findings, in rotating order. Wall time of each csc client call: the
/// server does the work, on every core.
/// </summary>
internal static class CompilerServerOverhead
{
    private const string EmptyAnalyzerSource = """
        using System.Collections.Immutable;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.Diagnostics;

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class EmptyAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("BENCH000", "never", "never", "bench", DiagnosticSeverity.Hidden, true);
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);
            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
            }
        }
        """;

    private const string EmptyAnalyzerName = "KinesisAnalyzers.Benchmarks.EmptyAnalyzer";
    private const string ReportingAnalyzerName = "KinesisAnalyzers.Benchmarks.ReportingAnalyzer";

    /// <summary>The KIN diagnostics of the files, from the analyzers run in this process on the same text and paths.</summary>
    private static ImmutableArray<Diagnostic> Findings(List<string> sources, List<string> references)
    {
        var compilation = CSharpCompilation.Create(
            "Findings",
            sources.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), SourceCorpus.ParseOptions, path)),
            references.Select(path => MetadataReference.CreateFromFile(path)),
            SourceCorpus.CompilationOptions);
        return compilation.WithAnalyzers(SourceCorpus.KinesisAnalyzers()).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("KIN", StringComparison.Ordinal))
            .ToImmutableArray();
    }

    /// <summary>An analyzer that reports <paramref name="findings"/> again (same ids, places and messages), from one semantic-model action per file.</summary>
    private static string ReportingAnalyzerSource(ImmutableArray<Diagnostic> findings)
    {
        static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
        var rules = string.Join(",\n", findings.Select(f => f.Id).Distinct().Select(id =>
            $"[{Literal(id)}] = new DiagnosticDescriptor({Literal(id)}, {Literal(id)}, \"{{0}}\", \"Kinesis\", DiagnosticSeverity.Warning, true)"));
        var files = string.Join(",\n", findings.GroupBy(f => f.Location.SourceTree!.FilePath).Select(file =>
            $"[{Literal(file.Key)}] = new[] {{ {string.Join(", ", file.Select(f => $"({Literal(f.Id)}, {f.Location.SourceSpan.Start}, {f.Location.SourceSpan.Length}, {Literal(f.GetMessage(CultureInfo.InvariantCulture))})"))} }}"));
        return $$"""
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using System.Linq;
            using Microsoft.CodeAnalysis;
            using Microsoft.CodeAnalysis.Diagnostics;
            using Microsoft.CodeAnalysis.Text;

            [DiagnosticAnalyzer(LanguageNames.CSharp)]
            public sealed class ReportingAnalyzer : DiagnosticAnalyzer
            {
                private static readonly Dictionary<string, DiagnosticDescriptor> Rules = new Dictionary<string, DiagnosticDescriptor>
                {
                    {{rules}}
                };

                private static readonly Dictionary<string, (string Id, int Start, int Length, string Message)[]> Findings = new Dictionary<string, (string, int, int, string)[]>
                {
                    {{files}}
                };

                public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Rules.Values.ToImmutableArray();

                public override void Initialize(AnalysisContext context)
                {
                    context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                    context.EnableConcurrentExecution();
                    context.RegisterSemanticModelAction(c =>
                    {
                        if (Findings.TryGetValue(c.SemanticModel.SyntaxTree.FilePath, out var found))
                        {
                            foreach (var f in found)
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rules[f.Id], Location.Create(c.SemanticModel.SyntaxTree, new TextSpan(f.Start, f.Length)), f.Message));
                            }
                        }
                    });
                }
            }
            """;
    }

    public static void Run(int files, int rounds)
    {
        if (SdkCompiler() is not { } sdk)
        {
            Console.WriteLine("bench=csc skipped=true reason=\"no .NET SDK compiler and reference pack found next to this dotnet\"");
            return;
        }

        var work = Directory.CreateTempSubdirectory("kin-csc-bench-");
        var pipe = "kinbench" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var serverLog = Path.Combine(work.FullName, "compiler-server.log");
        try
        {
            // The server loads an analyzer by its assembly name: the file must carry that name.
            var emptyAnalyzer = Path.Combine(work.FullName, EmptyAnalyzerName + ".dll");
            EmitAnalyzer(emptyAnalyzer, EmptyAnalyzerName, EmptyAnalyzerSource, sdk.CodeAnalysis, sdk.ReferencePack);
            var kinesisAnalyzers = typeof(KinesisRules).Assembly.Location;
            Console.WriteLine($"bench=csc compiler=\"{sdk.Csc}\" files_per_compilation={files} rounds={rounds}");

            foreach (var half in new[] { "kinesis", "clean", "plain" }.Where(h => Environment.GetEnvironmentVariable("BENCH_HALF") is not { } only || only == h))
            {
                var (responseFile, sources, references) = WriteCompilation(work.FullName, half, files, sdk.ReferencePack);
                var configurations = new List<(string Name, string Analyzer)>
                {
                    ("baseline", emptyAnalyzer),
                    ("analyzers", kinesisAnalyzers),
                };

                // What reporting the rules' findings costs in this compiler, whoever reports them: an analyzer that
                // only reports the same diagnostics at the same places (found in-process, on the same files).
                var findings = Findings(sources, references);
                if (findings.Length > 0)
                {
                    var reportingAnalyzer = Path.Combine(work.FullName, $"{ReportingAnalyzerName}.{half}.dll");
                    EmitAnalyzer(reportingAnalyzer, $"{ReportingAnalyzerName}.{half}", ReportingAnalyzerSource(findings), sdk.CodeAnalysis, sdk.ReferencePack);
                    configurations.Add(("reporting_baseline", reportingAnalyzer));
                }

                // Warm-up: starts the server and loads every analyzer assembly into it.
                var warnings = configurations.ToDictionary(
                    c => c.Name,
                    c => Compile(sdk.Csc, pipe, responseFile, c.Analyzer, serverLog).Count(line => line.Contains(": warning KIN", StringComparison.Ordinal)));

                var seconds = configurations.ToDictionary(c => c.Name, _ => new List<double>());
                for (var round = 0; round < rounds; round++)
                {
                    // Rotate the order so drift on a noisy machine hits every configuration alike.
                    for (var i = 0; i < configurations.Count; i++)
                    {
                        var (name, analyzer) = configurations[(i + round) % configurations.Count];
                        seconds[name].Add(Timed(() => Compile(sdk.Csc, pipe, responseFile, analyzer, serverLog)));
                    }
                }

                // A build the server rejects falls back to a compile in the client process: not the build being measured.
                if (File.Exists(serverLog) && File.ReadAllText(serverLog).Contains("falling back to local build", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The compiler server refused a build and csc compiled locally instead; see {serverLog}.");
                }

                double Overhead(string configuration, string against) => Medians.OverheadPercent(seconds[against], seconds[configuration]);
                Console.WriteLine($"csc_{half}_overhead_percent={Overhead("analyzers", "baseline"):F1}");
                if (seconds.ContainsKey("reporting_baseline"))
                {
                    Console.WriteLine($"csc_{half}_reporting_baseline_overhead_percent={Overhead("reporting_baseline", "baseline"):F1}");
                    Console.WriteLine($"csc_{half}_overhead_vs_reporting_baseline_percent={Overhead("analyzers", "reporting_baseline"):F1}");
                }

                foreach (var (name, _) in configurations)
                {
                    Console.WriteLine($"csc_{half}_{name}_seconds={Medians.Of(seconds[name]):F3}");
                    Console.WriteLine($"csc_{half}_{name}_kin_warnings={warnings[name]}");
                }
            }
        }
        finally
        {
            StopServer(sdk.Csc, pipe);
            work.Delete(recursive: true);
        }
    }

    /// <summary>The csc.dll and reference pack of the newest SDK installed with the runtime this benchmark runs on.</summary>
    private static (string Csc, string CodeAnalysis, string ReferencePack)? SdkCompiler()
    {
        // The runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/ (the process may be the app host, not dotnet).
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var csc = Newest(Path.Combine(dotnetRoot, "sdk"), version => Path.Combine(version, "Roslyn", "bincore", "csc.dll"));
        var referencePack = Newest(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"), version => Path.Combine(version, "ref", $"net{Environment.Version.Major}.0"));
        return csc is null || referencePack is null ? null : (csc, Path.Combine(Path.GetDirectoryName(csc)!, "Microsoft.CodeAnalysis.dll"), referencePack);
    }

    /// <summary>The path <paramref name="inside"/> gives for the highest version folder of <paramref name="parent"/> where it exists.</summary>
    private static string? Newest(string parent, Func<string, string> inside) =>
        Directory.Exists(parent)
            ? Directory.GetDirectories(parent)
                .Select(folder => (Version: Version.TryParse(Path.GetFileName(folder).Split('-')[0], out var v) ? v : null, Path: inside(folder)))
                .Where(candidate => candidate.Version is not null && (File.Exists(candidate.Path) || Directory.Exists(candidate.Path)))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Path)
                .FirstOrDefault()
            : null;

    /// <summary>Compiles a benchmark analyzer against the SDK compiler's own Microsoft.CodeAnalysis.</summary>
    private static void EmitAnalyzer(string path, string assemblyName, string source, string codeAnalysis, string referencePack)
    {
        var references = Directory.GetFiles(referencePack, "*.dll")
            .Append(codeAnalysis)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{assemblyName} does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
    }

    /// <summary>Writes one compilation's files and a response file with what a Release build of a net10.0 library passes csc.</summary>
    private static (string ResponseFile, List<string> Sources, List<string> References) WriteCompilation(string work, string half, int files, string referencePack)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, half)).FullName;
        var sources = new List<string>();
        for (var i = 0; i < files; i++)
        {
            var path = Path.Combine(directory, $"{half[0]}{i}.cs");
            File.WriteAllText(path, half == "plain" ? SourceCorpus.PlainFile(i) : SourceCorpus.KinesisFile(i, withFinding: half == "kinesis"));
            sources.Add(path);
        }

        var references = Directory.GetFiles(referencePack, "*.dll").ToList();
        if (half != "plain")
        {
            var standIn = Path.Combine(directory, "AmazonKinesisStandIn.cs");
            using (var resource = typeof(SourceCorpus).Assembly.GetManifestResourceStream("AmazonKinesisStandIn.cs")!)
            using (var file = File.Create(standIn))
            {
                resource.CopyTo(file);
            }

            sources.Add(standIn);
            references.Add(typeof(Amazon.Runtime.AmazonServiceException).Assembly.Location);
        }

        var responseFile = Path.Combine(work, half + ".rsp");
        File.WriteAllLines(responseFile, new[]
            {
                "-nologo", "-noconfig", "-nostdlib", "-target:library", "-nullable:enable", "-langversion:12", "-define:AWS_SDK_V4",
                "-debug:portable", "-optimize+", "-deterministic", "-nowarn:CS1701", $"-out:{Path.Combine(work, half + ".dll")}",
            }
            .Concat(references.Select(r => $"-reference:\"{r}\""))
            .Concat(sources.Select(s => $"\"{s}\"")));
        return (responseFile, sources, references);
    }

    private static IReadOnlyList<string> Compile(string csc, string pipe, string responseFile, string analyzer, string serverLog) =>
        RunProcess("dotnet", ["exec", csc, $"-shared:{pipe}", $"@{responseFile}", $"-analyzer:{analyzer}"], throwOnFailure: true, log: serverLog);

    private static void StopServer(string csc, string pipe)
    {
        // The server stops itself after it has been idle for a while; ask it to go now.
        var server = Path.Combine(Path.GetDirectoryName(csc)!, "VBCSCompiler.dll");
        if (File.Exists(server))
        {
            RunProcess("dotnet", ["exec", server, "-shutdown", $"-pipename:{pipe}"], throwOnFailure: false, log: null);
        }
    }

    private static double Timed(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static IReadOnlyList<string> RunProcess(string fileName, string[] arguments, bool throwOnFailure, string? log)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (log is not null)
        {
            // The compiler client and server write what they did here, fallbacks included.
            start.Environment["RoslynCommandLineLogFile"] = log;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var lines = (output + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {string.Join('\n', lines.Take(10))}");
        }

        return lines;
    }
}
