using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// KIN100: a project that references Amazon.Kinesis and the runtime, but whose SDK shape the generator does not
/// know, gets no binding (code that does not compile would break its build) and a warning naming each missing or
/// unexpected member, instead of a bare CS1061 on CreateKinesisProducer.
/// </summary>
public class BindingNotGeneratedTests
{
    private const string Plain = "internal static class Plain { }";

    public static TheoryData<string, string, string, string> UnknownShapes => new()
    {
        {
            "v3", "public int FailedRecordCount { get; set; }", "public long FailedRecordCount { get; set; }",
            "'PutRecordsResponse.FailedRecordCount' is 'long', expected 'int' or 'int?'"
        },
        {
            "v4", "public int? FailedRecordCount { get; set; }", "public long? FailedRecordCount { get; set; }",
            "'PutRecordsResponse.FailedRecordCount' is 'long?', expected 'int' or 'int?'"
        },
        {
            "v4", "public List<PutRecordsResultEntry> Records { get; set; }", "public IList<PutRecordsResultEntry> Records { get; set; }",
            "'PutRecordsResponse.Records' is 'IList<PutRecordsResultEntry>', expected 'List<PutRecordsResultEntry>'"
        },
        {
            "v3",
            "        public MemoryStream Data { get; set; }\n        public string PartitionKey { get; set; }\n        public string ExplicitHashKey { get; set; }\n    }\n\n    public class PutRecordsRequest",
            "        public byte[] Data { get; set; }\n        public string PartitionKey { get; set; }\n        public string ExplicitHashKey { get; set; }\n    }\n\n    public class PutRecordsRequest",
            "'PutRecordsRequestEntry.Data' is 'byte[]', expected 'MemoryStream'"
        },
        {
            "v4",
            "        public string ExplicitHashKey { get; set; }\n    }\n\n    public class PutRecordsRequest",
            "    }\n\n    public class PutRecordsRequest",
            "'PutRecordsRequestEntry.ExplicitHashKey' is missing"
        },
        {
            "v3", "public ShardFilter ShardFilter { get; set; }", "public ShardFilter ShardFilter { get; }",
            "'ListShardsRequest.ShardFilter' has no public setter"
        },
        {
            "v3",
            "        Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default);\n",
            "",
            "'Task<ListShardsResponse> IAmazonKinesis.ListShardsAsync(ListShardsRequest, CancellationToken)' is missing"
        },
        {
            "v4", "public static readonly ShardFilterType AT_LATEST", "public static readonly ShardFilterType LATEST",
            "static 'ShardFilterType.AT_LATEST' of type 'ShardFilterType' is missing"
        },
        {
            "v4", "ShardFilterType", "ShardFilterKind",
            "type 'Amazon.Kinesis.ShardFilterType' is missing"
        },
        {
            "v3", "public class PutRecordsResultEntry\n    {\n", "public class PutRecordsResultEntry\n    {\n        public PutRecordsResultEntry(string errorCode) { ErrorCode = errorCode; }\n",
            "'PutRecordsResultEntry' has no public parameterless constructor"
        },
    };

    [Theory]
    [MemberData(nameof(UnknownShapes))]
    public async Task ReportsTheMemberThatIsMissingOrOfAnotherTypeAndEmitsNothing(string shapeName, string original, string replacement, string problem)
    {
        var test = CreateWithStandIn(shapeName, standIn => Change(standIn, original, replacement));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(KinesisRules.BindingNotGenerated).WithArguments(problem));
        await test.RunAsync(); // and no generated source: the framework fails on any
    }

    [Fact]
    public async Task ListsEveryProblemInTheOrderFound()
    {
        var test = CreateWithStandIn("v4", standIn => Change(
            Change(standIn, "public int? FailedRecordCount { get; set; }", "public long? FailedRecordCount { get; set; }"),
            "public static readonly ShardFilterType AT_LATEST", "public static readonly ShardFilterType LATEST"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(KinesisRules.BindingNotGenerated).WithArguments(
            "'PutRecordsResponse.FailedRecordCount' is 'long?', expected 'int' or 'int?'; static 'ShardFilterType.AT_LATEST' of type 'ShardFilterType' is missing"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ReportsAnIAmazonKinesisThatIsNotAnInterface()
    {
        const string notTheSdk = """
            #pragma warning disable CS1591
            namespace Amazon.Kinesis
            {
                public sealed class IAmazonKinesis { }
            }
            """;

        var test = GeneratorVerifier.Create(shape: null, withRuntime: true, notTheSdk);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(KinesisRules.BindingNotGenerated).WithArguments("'IAmazonKinesis' is a class, not an interface"));
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ReportsARuntimeWithoutTheTypesTheBindingCalls(string shapeName)
    {
        // A runtime of another version (here: only the port) cannot carry the binding either; the first few
        // missing types are named, the rest counted.
        const string partialRuntime = """
            #pragma warning disable CS1591
            namespace KinesisAnalyzers.Runtime
            {
                public interface IKinesisTransport { }
            }
            """;

        var test = GeneratorVerifier.Create(SdkShape.Get(shapeName), withRuntime: false, partialRuntime);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(KinesisRules.BindingNotGenerated).WithArguments(
            "type 'KinesisAnalyzers.Runtime.KinesisProducer' is missing; type 'KinesisAnalyzers.Runtime.KinesisProducerOptions' is missing; "
            + "type 'KinesisAnalyzers.Runtime.TransportRecord' is missing; type 'KinesisAnalyzers.Runtime.TransportRecordResult' is missing; and 9 more"));
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task TheKnownShapesReportNothing(string shapeName)
    {
        var compilation = await BindingCompiler.CreateWithStandInAsync(SdkShape.Get(shapeName), Plain);
        var (_, run) = BindingCompiler.Generate(compilation);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(2, run.GeneratedSources.Length);
    }

    [Fact]
    public void TheRuleHasAPageAndIsTrackedAsUnshipped()
    {
        var descriptor = KinesisRules.BindingNotGenerated;
        Assert.Equal(KinesisRules.HelpLinkBase + "KIN100.md", descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        var page = File.ReadAllText(Path.Combine(RuleCatalogTests.RepositoryRoot(), "docs", "rules", "KIN100.md"));
        foreach (var section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Example" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        var unshipped = File.ReadAllLines(Path.Combine(RuleCatalogTests.RepositoryRoot(), "src", "KinesisAnalyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains("KIN100 | Compatibility | Warning | KinesisBindingGenerator", unshipped);
    }

    private static GeneratorVerifier.Test CreateWithStandIn(string shapeName, Func<string, string> change)
    {
        var shape = SdkShape.Get(shapeName);
        var test = GeneratorVerifier.Create(shape: null, withRuntime: true, Plain);
        test.UseReferences(shape.References);
        test.TestState.Sources.Add(("AmazonKinesisStandIn.cs", change(BindingCompiler.StandInSource(shape).Replace("\r\n", "\n"))));
        return test;
    }

    private static string Change(string source, string original, string replacement)
    {
        Assert.Contains(original, source, StringComparison.Ordinal);
        var changed = source.Replace(original, replacement, StringComparison.Ordinal);
        // The client implements the interface: keep it compiling when a method leaves the interface.
        return original.Contains("ListShardsAsync(ListShardsRequest", StringComparison.Ordinal)
            ? changed.Replace("public virtual Task<ListShardsResponse> ListShardsAsync", "public virtual Task<ListShardsResponse> ListShardsOtherAsync", StringComparison.Ordinal)
            : changed;
    }
}
