using KinesisAnalyzers.Binding;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// Runs <see cref="KinesisBindingGenerator"/> through the source generator testing framework: the generated files
/// must be exactly the expected ones and the whole compilation must be free of errors and warnings, with XML
/// documentation diagnostics on (users build with GenerateDocumentationFile and warnings as errors).
/// </summary>
internal static class GeneratorVerifier
{
    /// <summary>The files the generator emits for a compilation of the given language version.</summary>
    public static (Type Generator, string HintName, string Text)[] ExpectedSources(bool nullableAnnotations)
    {
        var model = new BindingModel(nullableAnnotations);
        return new[]
        {
            (typeof(KinesisBindingGenerator), TransportAdapterSource.HintName, TransportAdapterSource.Render(model)),
            (typeof(KinesisBindingGenerator), RetryExtensionsSource.HintName, RetryExtensionsSource.Render(model)),
        };
    }

    /// <summary>Expects exactly the generator's files for the given language version.</summary>
    public static void ExpectGeneratedSources(this Test test, bool nullableAnnotations)
    {
        foreach (var source in ExpectedSources(nullableAnnotations))
        {
            test.TestState.GeneratedSources.Add(source);
        }
    }

    /// <summary>A test of <paramref name="sources"/> compiled with the shape's stand-in (as source) and, optionally, the runtime.</summary>
    public static Test Create(SdkShape? shape, bool withRuntime, params string[] sources)
    {
        var test = new Test();
        test.UseReferences(shape?.References ?? TestReferences.Net80);
        if (shape is not null)
        {
            test.TestState.Sources.Add(("AmazonKinesisStandIn.cs", BindingCompiler.StandInSource(shape)));
        }

        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"User{i}.cs", sources[i]));
        }

        if (withRuntime)
        {
            test.TestState.AdditionalReferences.AddRange(BindingCompiler.RuntimeReferences);
        }

        return test;
    }

    public sealed class Test : CSharpSourceGeneratorTest<KinesisBindingGenerator, DefaultVerifier>
    {
        public Test()
        {
            CompilerDiagnostics = CompilerDiagnostics.Warnings;
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion).WithDocumentationMode(DocumentationMode.Diagnose);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(
                new CSharpParseOptions(LanguageVersion).LanguageVersion >= LanguageVersion.CSharp8
                    ? NullableContextOptions.Enable
                    : NullableContextOptions.Disable);
    }
}
