using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over test source compiled together with the Amazon.Kinesis stand-ins.
/// <see cref="VerifyAsync(string, DiagnosticResult[])"/> checks both SDK shapes, so every rule test covers v3 and v4.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new DiagnosticResult(descriptor);

    /// <summary>Verifies <paramref name="source"/> against the SDK v3 and the SDK v4 shapes.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, _ => { }, expected);

    /// <summary>
    /// Verifies <paramref name="source"/> against both SDK shapes, after <paramref name="configure"/> adjusts each test
    /// (compiler diagnostics, output kind, .editorconfig, extra files): the one loop over the shapes.
    /// </summary>
    public static async Task VerifyAsync(string source, Action<Test> configure, params DiagnosticResult[] expected)
    {
        foreach (var shape in SdkShape.All)
        {
            var test = CreateTest(shape, source, expected);
            configure(test);
            await test.RunAsync();
        }
    }

    /// <summary>Verifies code that does not compile (half-typed code): only the analyzer's diagnostics are compared.</summary>
    public static Task VerifyIgnoringCompilerErrorsAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, test => test.CompilerDiagnostics = CompilerDiagnostics.None, expected);

    public static Task VerifyAsync(SdkShape shape, string source, params DiagnosticResult[] expected) =>
        CreateTest(shape, source, expected).RunAsync();

    /// <summary>
    /// Verifies a project of several files (markup allowed in each) against both SDK shapes: for
    /// reports that follow calls across files.
    /// </summary>
    public static Task VerifyFilesAsync(string[] sources, params DiagnosticResult[] expected) =>
        VerifyAsync(
            sources[0],
            test =>
            {
                for (var i = 1; i < sources.Length; i++)
                {
                    test.TestState.Sources.Add(($"File{i}.cs", sources[i]));
                }
            },
            expected);

    /// <summary>Verifies <paramref name="source"/> in a compilation without Amazon.Kinesis.</summary>
    public static Task VerifyWithoutKinesisAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.UseReferences(TestReferences.Net80);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A configurable test, for sources that must not compile or need .editorconfig options.</summary>
    public static Test CreateTest(SdkShape shape, string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.UseReferences(shape.References);
        test.TestState.Sources.Add(("AmazonKinesisStandIn.cs", shape.StandIn));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.CSharp12);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }
}
