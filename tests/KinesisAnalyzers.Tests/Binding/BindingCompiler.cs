using System.Collections.Concurrent;
using System.Collections.Immutable;
using KinesisAnalyzers.Binding;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// Builds compilations for the generated-binding tests: user code, the Amazon.Kinesis stand-in of one SDK shape
/// (as source, or as a separate "AWSSDK.Kinesis" assembly like the real package), net8.0 reference assemblies,
/// the real AWSSDK.Core of that major, and the built runtime; and runs the generator over them.
/// </summary>
internal static class BindingCompiler
{
    private static readonly ConcurrentDictionary<string, Task<MetadataReference>> StandInAssemblies = new();

    /// <summary>The built runtime, and the logging abstractions its public options type mentions.</summary>
    public static ImmutableArray<MetadataReference> RuntimeReferences { get; } = ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(IKinesisTransport).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new(version, DocumentationMode.Diagnose);

    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithOptimizationLevel(OptimizationLevel.Debug);

    /// <summary>The stand-in source for <paramref name="shape"/>; its public types carry no XML docs, which is not under test.</summary>
    public static string StandInSource(SdkShape shape) => "#pragma warning disable CS1591\n" + shape.StandIn;

    /// <summary>The path of the AWSSDK.Core.dll the shape compiles against, to load it when running generated code.</summary>
    public static string CoreAssemblyPath(SdkShape shape) =>
        shape.References.OfType<PortableExecutableReference>()
            .Select(reference => reference.FilePath)
            .Single(path => string.Equals(Path.GetFileName(path), "AWSSDK.Core.dll", StringComparison.OrdinalIgnoreCase))!;

    /// <summary>The stand-in compiled on its own, the way users reference the real AWSSDK.Kinesis.</summary>
    public static Task<MetadataReference> StandInAssemblyAsync(SdkShape shape) =>
        StandInAssemblies.GetOrAdd(shape.Name, _ => Task.FromResult(EmitReference(CSharpCompilation.Create(
            "AWSSDK.Kinesis",
            new[] { CSharpSyntaxTree.ParseText(StandInSource(shape), ParseOptions()) },
            shape.References,
            CompilationOptions))));

    /// <summary>A compilation of <paramref name="sources"/> with the shape's framework and the given extra references.</summary>
    public static Task<CSharpCompilation> CreateAsync(
        SdkShape shape,
        IEnumerable<string> sources,
        IEnumerable<MetadataReference> references,
        LanguageVersion version = LanguageVersion.Latest,
        string assemblyName = "UserProject")
    {
        var options = ParseOptions(version);
        return Task.FromResult(CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, options, path: $"Source{index}.cs")),
            shape.References.Concat(references),
            CompilationOptions));
    }

    /// <summary>User code with the stand-in as source and the runtime referenced: the usual setup.</summary>
    public static Task<CSharpCompilation> CreateWithStandInAsync(SdkShape shape, params string[] sources) =>
        CreateAsync(shape, sources.Prepend(StandInSource(shape)), RuntimeReferences);

    public static GeneratorDriver CreateDriver(CSharpCompilation compilation, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new KinesisBindingGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns the compilation with its output added, and the run result.</summary>
    public static (Compilation Output, GeneratorRunResult Run) Generate(CSharpCompilation compilation)
    {
        var driver = CreateDriver(compilation).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        return (output, run);
    }

    /// <summary>Compiler errors and warnings of a compilation (hidden and info diagnostics are not a user's concern).</summary>
    public static ImmutableArray<Diagnostic> ErrorsAndWarnings(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public static MetadataReference EmitReference(Compilation compilation) => MetadataReference.CreateFromImage(Emit(compilation));

    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, string.Join(Environment.NewLine, problems));
        return stream.ToArray();
    }

    public static string GeneratedText(GeneratorRunResult run, string hintName) =>
        run.GeneratedSources.Single(source => source.HintName == hintName).SourceText.ToString();
}
