using System.Collections.Concurrent;
using KinesisAnalyzers.Tests.Binding;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.CodeFixes;

/// <summary>
/// Runs one analyzer and its code fix over test source compiled as a project using the package is: the Amazon.Kinesis
/// stand-in of one SDK shape, the built runtime, and what the binding generator emits for that project (run here on
/// the same shape and language version, and added to the before and after states, so the fix sees the generated
/// extension methods as it does in an IDE). The fixed code must compile with no errors, and Fix All (document, project,
/// solution) must give the same result. <see cref="VerifyAsync(string, string, LanguageVersion)"/> checks v3 and v4.
/// Diagnostics are marked in the source as <c>{|KIN00N:code|}</c>.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <param name="fixAll">Also checks Fix All in document, project and solution (slow: only where a test is about it).</param>
    /// <param name="equivalenceKey">The fix to apply where a diagnostic has several; the first one when null.</param>
    /// <param name="configure">Adjusts each shape's test (an .editorconfig, ...): the one loop over the shapes.</param>
    public static async Task VerifyAsync(
        string source, string fixedSource, LanguageVersion version = LanguageVersion.CSharp12, bool fixAll = false, string? equivalenceKey = null, Action<Test>? configure = null)
    {
        foreach (var shape in SdkShape.All)
        {
            var test = await CreateTestAsync(shape, source, fixedSource, version);
            test.CodeActionEquivalenceKey = equivalenceKey;
            if (!fixAll)
            {
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
            }

            configure?.Invoke(test);
            await test.RunAsync();
        }
    }

    /// <summary>The diagnostics stay and no fix changes the code (fixed source = source).</summary>
    public static Task VerifyNoFixAsync(string source, LanguageVersion version = LanguageVersion.CSharp12) =>
        VerifyAsync(source, source, version);

    /// <param name="withRuntime">False for a project without the runtime: the generator emits nothing there.</param>
    public static async Task<Test> CreateTestAsync(
        SdkShape shape, string source, string fixedSource, LanguageVersion version = LanguageVersion.CSharp12, bool withRuntime = true)
    {
        var test = new Test(version)
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        test.UseReferences(shape.References);
        test.FixedState.AdditionalReferences.AddRange(shape.References);
        var project = await ProjectSetup.GetAsync(shape, version);
        if (withRuntime)
        {
            test.TestState.AdditionalReferences.AddRange(BindingCompiler.RuntimeReferences);
            test.FixedState.AdditionalReferences.AddRange(BindingCompiler.RuntimeReferences);
        }

        // Fixed code replaces the sources of the fixed state, so the shared sources go in both.
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            foreach (var (name, text) in project.Sources.Where(s => withRuntime || !s.Name.EndsWith(".g.cs", StringComparison.Ordinal)))
            {
                state.Sources.Add((name, text));
            }
            state.AdditionalReferences.AddRange(project.References);
        }

        return test;
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        private readonly LanguageVersion _version;

        public Test(LanguageVersion version)
        {
            _version = version;
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(_version);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(
                _version >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable);
    }
}

/// <summary>
/// The sources and references of a test project for one SDK shape and language version: the stand-in (as source, or
/// as an assembly where the language version cannot compile its #nullable), and the generator's output for it.
/// </summary>
internal sealed class ProjectSetup
{
    private static readonly ConcurrentDictionary<(string, LanguageVersion), Lazy<Task<ProjectSetup>>> Cache = new();

    private ProjectSetup(IReadOnlyList<(string Name, string Text)> sources, IReadOnlyList<MetadataReference> references)
    {
        Sources = sources;
        References = references;
    }

    public IReadOnlyList<(string Name, string Text)> Sources { get; }

    public IReadOnlyList<MetadataReference> References { get; }

    public static Task<ProjectSetup> GetAsync(SdkShape shape, LanguageVersion version) =>
        Cache.GetOrAdd((shape.Name, version), _ => new Lazy<Task<ProjectSetup>>(() => CreateAsync(shape, version))).Value;

    private static async Task<ProjectSetup> CreateAsync(SdkShape shape, LanguageVersion version)
    {
        var sources = new List<(string, string)>();
        var references = new List<MetadataReference>();
        if (version >= LanguageVersion.CSharp8)
        {
            sources.Add(("AmazonKinesisStandIn.cs", shape.StandIn));
        }
        else
        {
            references.Add(await BindingCompiler.StandInAssemblyAsync(shape));
        }

        var compilation = await BindingCompiler.CreateAsync(
            shape,
            sources.Select(s => s.Item2).Append("// the user's project"),
            references.Concat(BindingCompiler.RuntimeReferences),
            version);
        var (_, run) = BindingCompiler.Generate(compilation);
        Assert.NotEmpty(run.GeneratedSources);
        foreach (var generated in run.GeneratedSources)
        {
            sources.Add((generated.HintName, generated.SourceText.ToString()));
        }

        return new ProjectSetup(sources, references);
    }
}
