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
    public static async Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        await VerifyAsync(SdkShape.V3, source, expected);
        await VerifyAsync(SdkShape.V4, source, expected);
    }

    public static Task VerifyAsync(SdkShape shape, string source, params DiagnosticResult[] expected) =>
        CreateTest(shape, source, expected).RunAsync();

    /// <summary>
    /// Verifies a project of several files (markup allowed in each) against both SDK shapes: for
    /// reports that follow calls across files.
    /// </summary>
    public static async Task VerifyFilesAsync(string[] sources, params DiagnosticResult[] expected)
    {
        foreach (var shape in new[] { SdkShape.V3, SdkShape.V4 })
        {
            var test = CreateTest(shape, sources[0], expected);
            for (var i = 1; i < sources.Length; i++)
            {
                test.TestState.Sources.Add(($"File{i}.cs", sources[i]));
            }

            await test.RunAsync();
        }
    }

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
