using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN003UnhandledThrottlingAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN003 judged where the exception is lost: not in test projects, not in public library methods left to outside callers.</summary>
public class KIN003WhereTheExceptionIsLostTests
{
    private const string Unhandled = "no enclosing try/catch catches it, so a throttled shard fails the caller and the record is lost";

    private static string Publisher(string modifier) => Usings + $$"""
        {{modifier}} class Publisher
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            public async Task Send(string key)
            {
                await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() })|};
            }
        }
        """;

    private static DiagnosticResult Expected(int location, string reason = Unhandled) =>
        Verify.Diagnostic(KinesisRules.UnhandledThrottling).WithLocation(location).WithArguments("PutRecordAsync", reason);

    [Fact]
    public Task PublicLibraryMethodNobodyInTheCompilationCallsIsLeftToItsCallers() =>
        Verify.VerifyAsync(Publisher("public").Replace("{|#0:", string.Empty).Replace(")|};", ");"));

    [Fact]
    public Task InternalMethodIsStillReported() =>
        Verify.VerifyAsync(Publisher("internal"), Expected(0));

    [Fact]
    public Task PublicMethodCalledInTheCompilationIsStillReported() =>
        Verify.VerifyAsync(
            Publisher("public") + """

                class Caller
                {
                    Task Run(Publisher publisher) => publisher.Send("k");
                }
                """,
            Expected(0));

    [Fact]
    public Task HostedServiceLoopIsAnEntryPointAndIsReported() =>
        Verify.VerifyAsync(
            Usings + """
                namespace Microsoft.Extensions.Hosting
                {
                    public abstract class BackgroundService { protected abstract Task ExecuteAsync(CancellationToken stoppingToken); }
                }

                public sealed class Pump : Microsoft.Extensions.Hosting.BackgroundService
                {
                    private readonly IAmazonKinesis client = new AmazonKinesisClient();

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = Guid.NewGuid().ToString(), Data = new MemoryStream() })|};
                        }
                    }
                }
                """,
            Expected(0));

    [Fact]
    public Task PublicEventHandlerIsAnEntryPointAndIsReported() =>
        Verify.VerifyAsync(
            Usings + """
                public sealed class Watcher
                {
                    private readonly IAmazonKinesis client = new AmazonKinesisClient();

                    public void OnChanged(object sender, EventArgs e)
                    {
                        {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() })|}.Wait();
                    }
                }
                """,
            Expected(0, "blocking on the task wraps it in AggregateException, which no enclosing catch catches"));

    [Fact]
    public async Task InATestProjectAFailingTestIsTheIntendedOutcome()
    {
        var source = Usings + """
            class PublisherTests
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendsOneRecord()
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() });
                    _ = {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() })|};
                }
            }
            """;
        foreach (var shape in new[] { SdkShape.V3, SdkShape.V4 })
        {
            // Fire-and-forget still loses the failure, even in a test.
            var test = Verify.CreateTest(shape, source, Expected(0, "the task is never awaited, so no catch can see the failure and the record is lost silently"));
            test.TestState.AdditionalReferences.Add(FakeAssembly("xunit.core"));
            await test.RunAsync();
        }
    }

    /// <summary>An empty assembly with the given name: the compilation "references xunit".</summary>
    private static MetadataReference FakeAssembly(string name)
    {
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText("namespace Marker { }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success);
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
