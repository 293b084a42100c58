using KinesisAnalyzers.Binding;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>What the generator emits, and when: compile-level checks on the SDK v3 and v4 shapes.</summary>
public class KinesisBindingGeneratorTests
{
    // What the code fixes write: only the Amazon.Kinesis usings a Kinesis file already has.
    private const string Usage = """
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        internal static class Usage
        {
            public static async Task RunAsync(IAmazonKinesis kinesis, AmazonKinesisClient client)
            {
                var producer = kinesis.CreateKinesisProducer("orders");
                var tuned = client.CreateKinesisProducer("orders", new KinesisAnalyzers.Runtime.KinesisProducerOptions { StrictOrdering = true });
                PutRecordResponse one = await kinesis.PutRecordWithRetryAsync(new PutRecordRequest { StreamName = "orders" });
                PutRecordsResponse many = await client.PutRecordsWithRetryAsync(new PutRecordsRequest { StreamName = "orders" }, default);
                bool failed = many.FailedRecordCount > 0;
            }
        }
        """;

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task EmitsTheAdapterAndExtensionsThatCompileWithoutWarnings(string shapeName)
    {
        var test = GeneratorVerifier.Create(SdkShape.Get(shapeName), withRuntime: true, Usage);
        test.ExpectGeneratedSources(nullableAnnotations: true);
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task CompilesInACSharp73ProjectWithoutNullableAnnotations(string shapeName)
    {
        // .NET Framework projects default to C# 7.3, where '#nullable' and '?' on reference types are errors.
        // The SDK comes as an assembly there, as in real projects (the stand-in source itself needs a newer C#).
        var shape = SdkShape.Get(shapeName);
        var test = GeneratorVerifier.Create(shape: null, withRuntime: true, Usage);
        test.UseReferences(shape.References);
        test.LanguageVersion = LanguageVersion.CSharp7_3;
        test.TestState.AdditionalReferences.Add(await BindingCompiler.StandInAssemblyAsync(shape));
        test.ExpectGeneratedSources(nullableAnnotations: false);
        await test.RunAsync();

        Assert.DoesNotContain("#nullable", GeneratorVerifier.ExpectedSources(nullableAnnotations: false)[1].Text);
        Assert.Contains("#nullable enable", GeneratorVerifier.ExpectedSources(nullableAnnotations: true)[1].Text);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task EmitsTheSameWhenTheSdkIsAReferencedAssembly(string shapeName)
    {
        var shape = SdkShape.Get(shapeName);
        var test = GeneratorVerifier.Create(shape: null, withRuntime: true, Usage);
        test.UseReferences(shape.References);
        test.TestState.AdditionalReferences.Add(await BindingCompiler.StandInAssemblyAsync(shape));
        test.ExpectGeneratedSources(nullableAnnotations: true);
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task EmitsNothingWithoutTheRuntime(string shapeName)
    {
        const string source = """
            using Amazon.Kinesis;
            internal static class Plain
            {
                public static void Use(IAmazonKinesis kinesis) { }
            }
            """;

        // No GeneratedSources expected: the framework fails if any file is generated.
        await GeneratorVerifier.Create(SdkShape.Get(shapeName), withRuntime: false, source).RunAsync();
    }

    [Fact]
    public async Task EmitsNothingWithoutAmazonKinesis()
    {
        const string source = """
            using KinesisAnalyzers.Runtime;
            internal static class Plain
            {
                public static KinesisProducerOptions Options() => new KinesisProducerOptions();
            }
            """;

        await GeneratorVerifier.Create(shape: null, withRuntime: true, source).RunAsync();
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task UsesTheBindingOfAReferencedLibraryInsteadOfEmittingASecondOne(string shapeName)
    {
        // A library built with the package exposes its public extension class; a second copy would make calls ambiguous.
        var shape = SdkShape.Get(shapeName);
        var sdk = await BindingCompiler.StandInAssemblyAsync(shape);
        var library = await BindingCompiler.CreateAsync(
            shape, new[] { "internal static class Library { }" }, BindingCompiler.RuntimeReferences.Add(sdk), assemblyName: "Library");
        var (builtLibrary, libraryRun) = BindingCompiler.Generate(library);
        Assert.Equal(2, libraryRun.GeneratedSources.Length);

        var consumer = await BindingCompiler.CreateAsync(
            shape, new[] { Usage }, BindingCompiler.RuntimeReferences.Add(sdk).Add(BindingCompiler.EmitReference(builtLibrary)));
        var (output, run) = BindingCompiler.Generate(consumer);

        Assert.Empty(run.GeneratedSources);
        Assert.Empty(BindingCompiler.ErrorsAndWarnings(output));

        // Control: without the library the consumer gets its own binding, and compiles too.
        var alone = await BindingCompiler.CreateAsync(shape, new[] { Usage }, BindingCompiler.RuntimeReferences.Add(sdk));
        var (aloneOutput, aloneRun) = BindingCompiler.Generate(alone);
        Assert.Equal(2, aloneRun.GeneratedSources.Length);
        Assert.Empty(BindingCompiler.ErrorsAndWarnings(aloneOutput));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ReusesItsOutputAfterAnUnrelatedEdit(string shapeName)
    {
        var shape = SdkShape.Get(shapeName);
        var compilation = await BindingCompiler.CreateWithStandInAsync(shape, Usage);
        var driver = BindingCompiler.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().Results.Single().GeneratedSources.Length);

        // Edit the user's code: a new compilation, the same references and language version.
        var userTree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(
            userTree, userTree.WithChangedText(userTree.GetText().Replace(0, 0, "// edited\ninternal sealed class Added { }\n")));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        var modelStep = Assert.Single(result.TrackedSteps[KinesisBindingGenerator.ModelStep]);
        Assert.All(modelStep.Outputs, output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Equal(2, result.GeneratedSources.Length);

        // Control: removing the runtime reference does change the model, and the output goes away.
        var withoutRuntime = edited.RemoveReferences(BindingCompiler.RuntimeReferences);
        driver = driver.RunGenerators(withoutRuntime);
        result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Assert.Single(result.TrackedSteps[KinesisBindingGenerator.ModelStep]).Outputs).Reason);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task CreateKinesisProducerBuildsTheProducerOverTheGeneratedAdapter(string shapeName)
    {
        // The producer's constructor is another part's work; check the call the generated method makes, not its effect.
        var (output, _) = BindingCompiler.Generate(await BindingCompiler.CreateWithStandInAsync(SdkShape.Get(shapeName), Usage));
        var tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(RetryExtensionsSource.HintName, StringComparison.Ordinal));
        var model = output.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "CreateKinesisProducer");
        var symbol = model.GetDeclaredSymbol(method)!;
        Assert.True(symbol.IsExtensionMethod);
        Assert.Equal(Accessibility.Public, symbol.DeclaredAccessibility);
        Assert.Equal("Amazon.Kinesis", symbol.ContainingNamespace.ToDisplayString());
        Assert.Equal("Amazon.Kinesis.IAmazonKinesis", symbol.Parameters[0].Type.ToDisplayString());

        var body = (IMethodBodyOperation)model.GetOperation(method)!;
        var creation = body.Descendants().OfType<IObjectCreationOperation>()
            .Single(c => c.Type!.ToDisplayString() == "KinesisAnalyzers.Runtime.KinesisProducer");
        Assert.Equal(3, creation.Arguments.Length);
        var transport = Assert.IsAssignableFrom<IObjectCreationOperation>(creation.Arguments[0].Value.WalkDownConversion());
        Assert.Equal(TransportAdapterSource.MetadataName, transport.Type!.ToDisplayString());
        Assert.Equal(symbol.Parameters[0], Assert.IsAssignableFrom<IParameterReferenceOperation>(transport.Arguments[0].Value.WalkDownConversion()).Parameter, SymbolEqualityComparer.Default);
        Assert.Equal(symbol.Parameters[1], Assert.IsAssignableFrom<IParameterReferenceOperation>(creation.Arguments[1].Value).Parameter, SymbolEqualityComparer.Default);
        Assert.Equal(symbol.Parameters[2], Assert.IsAssignableFrom<IParameterReferenceOperation>(creation.Arguments[2].Value).Parameter, SymbolEqualityComparer.Default);
    }

    [Fact]
    public void ExtensionMethodsHaveTheNamesTheCodeFixesCall()
    {
        var text = GeneratorVerifier.ExpectedSources(nullableAnnotations: true)[1].Text;
        Assert.StartsWith("// <auto-generated/>", text, StringComparison.Ordinal);
        Assert.Contains("public static class KinesisAnalyzersExtensions", text, StringComparison.Ordinal);
        Assert.Contains("CreateKinesisProducer(\n            this global::Amazon.Kinesis.IAmazonKinesis client,\n            string streamName,\n            global::KinesisAnalyzers.Runtime.KinesisProducerOptions? options = null)", text, StringComparison.Ordinal);
        Assert.Contains("PutRecordWithRetryAsync(\n            this global::Amazon.Kinesis.IAmazonKinesis client,\n            global::Amazon.Kinesis.Model.PutRecordRequest request,", text, StringComparison.Ordinal);
        Assert.Contains("PutRecordsWithRetryAsync(\n            this global::Amazon.Kinesis.IAmazonKinesis client,\n            global::Amazon.Kinesis.Model.PutRecordsRequest request,", text, StringComparison.Ordinal);
        Assert.Equal(BindingPrerequisites.ExtensionsMetadataName, "Amazon.Kinesis.KinesisAnalyzersExtensions");
    }
}

internal static class OperationExtensions
{
    public static IOperation WalkDownConversion(this IOperation operation) =>
        operation is IConversionOperation conversion ? conversion.Operand.WalkDownConversion() : operation;
}
