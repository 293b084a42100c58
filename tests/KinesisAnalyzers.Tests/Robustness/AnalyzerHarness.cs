using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>
/// Runs every KIN analyzer over one source compiled with the Amazon.Kinesis stand-in (one SDK shape)
/// and the runtime producer's shape. The references are resolved once per shape and the fixed trees
/// parsed once, so a variant costs one parse and one analysis.
/// </summary>
internal sealed class AnalyzerHarness
{
    public const string VariantPath = "/0/Variant.cs";

    private static readonly ConcurrentDictionary<string, Lazy<Task<AnalyzerHarness>>> Harnesses = new();

    private readonly CSharpCompilation _library;
    private readonly CSharpCompilation _program;

    private AnalyzerHarness(SdkShape shape, ImmutableArray<MetadataReference> references)
    {
        Shape = shape;
        var fixedTrees = new[]
        {
            CSharpSyntaxTree.ParseText(shape.StandIn, ParseOptions, path: "/0/AmazonKinesisStandIn.cs"),
            CSharpSyntaxTree.ParseText(RobustnessCorpus.ProducerShape, ParseOptions, path: "/0/KinesisProducerShape.cs"),
        };
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        _library = CSharpCompilation.Create("Robustness", fixedTrees, references, options);

        // Top-level statements need an executable; a compilation of the same references reuses their metadata.
        _program = _library.WithOptions(options.WithOutputKind(OutputKind.ConsoleApplication));
    }

    /// <summary>Every KIN analyzer in the analyzer assembly, found the way RuleCatalogTests finds them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(KinesisRules).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    public SdkShape Shape { get; }

    public static Task<AnalyzerHarness> ForAsync(SdkShape shape) =>
        Harnesses.GetOrAdd(shape.Name, _ => new Lazy<Task<AnalyzerHarness>>(() => Task.FromResult(new AnalyzerHarness(shape, shape.References)))).Value;

    /// <summary>Compiles <paramref name="source"/> and runs all analyzers (and the unbound-code probe) over the compilation.</summary>
    public async Task<AnalysisRun> RunAsync(string source, bool isProgram)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: VariantPath);
        var compilation = (isProgram ? _program : _library).AddSyntaxTrees(tree);
        var exceptions = new ConcurrentQueue<AnalyzerFailure>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => exceptions.Enqueue(new AnalyzerFailure(analyzer.GetType().Name, exception, diagnostic)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var probe = new UnboundCodeProbe(tree);
        var withAnalyzers = compilation.WithAnalyzers(Analyzers.Add(probe), options);

        // One pass: the compiler's diagnostics and the analyzers' share the binding.
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        return new AnalysisRun(tree, diagnostics, exceptions.ToImmutableArray(), probe.UnboundSpans);
    }
}

internal sealed record AnalyzerFailure(string Analyzer, Exception Exception, Diagnostic Diagnostic);

/// <summary>The diagnostics (compiler and analyzer) and analyzer exceptions of one run.</summary>
internal sealed class AnalysisRun
{
    public AnalysisRun(SyntaxTree tree, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<AnalyzerFailure> exceptions, ImmutableArray<TextSpan> unboundSpans)
    {
        Tree = tree;
        Diagnostics = diagnostics;
        Exceptions = exceptions;
        UnboundSpans = unboundSpans;
    }

    public SyntaxTree Tree { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public ImmutableArray<AnalyzerFailure> Exceptions { get; }

    /// <summary>Spans of code in the variant that does not bind (see <see cref="UnboundCodeProbe"/>).</summary>
    public ImmutableArray<TextSpan> UnboundSpans { get; }

    /// <summary>
    /// AD0001 (an analyzer threw) and AD0002 (the analyzer driver threw). Given an exception
    /// callback the driver hands exceptions to it instead of reporting AD0001; both channels are checked.
    /// </summary>
    public IEnumerable<Diagnostic> AnalyzerExceptionDiagnostics => Diagnostics.Where(d => d.Id is "AD0001" or "AD0002");

    public IEnumerable<Diagnostic> KinesisDiagnostics => Diagnostics.Where(d => d.Id.StartsWith("KIN", StringComparison.Ordinal));

    /// <summary>Compiler errors, in the analysed source or the fixed trees.</summary>
    public IEnumerable<Diagnostic> CompilerErrors => Diagnostics.Where(d =>
        d.Severity == DiagnosticSeverity.Error
        && !d.Id.StartsWith("KIN", StringComparison.Ordinal)
        && !d.Id.StartsWith("AD", StringComparison.Ordinal));
}
