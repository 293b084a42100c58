using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>
/// Cases the robustness tests found: a rule reported code that contains unbound parts. Each pairs the
/// unbound code (not reported) with the same code bound (reported), so the test fails for the right reason.
/// </summary>
public class UnboundCodeRegressionTests
{
    // Found as: ClickstreamProgram truncated before its Serialize helper.
    [Theory]
    [InlineData("static MemoryStream Serialize(string item) => new MemoryStream();", true)]
    [InlineData("", false)]
    public Task KIN003DoesNotReportACallWhoseRequestDoesNotBind(string helper, bool bound) =>
        VerifyAsync<KIN003UnhandledThrottlingAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendAsync(string key, string item)
                {
                    await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = Serialize(item) })|};
                }

                {{helper}}
            }
            """);

    // Found as: BatchSender with its Reading class declaration cut.
    [Theory]
    [InlineData("static List<PutRecordsRequestEntry> Entries() => new List<PutRecordsRequestEntry>();", true)]
    [InlineData("", false)]
    public Task KIN004DoesNotReportACallWhoseRequestDoesNotBind(string helper, bool bound) =>
        VerifyAsync<KIN004IgnoredPutRecordsFailuresAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendAsync()
                {
                    await {|#0:client.PutRecordsAsync(new PutRecordsRequest { StreamName = "s", Records = Entries() })|};
                }

                {{helper}}
            }
            """);

    // Found as: BatchSender with its stream field deleted.
    [Theory]
    [InlineData("string stream, ", true)]
    [InlineData("", false)]
    public Task KIN006DoesNotReportACallWhoseRequestDoesNotBind(string parameter, bool bound) =>
        VerifyAsync<KIN006BatchOverLimitAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                Task SendAsync({{parameter}}IEnumerable<string> items) =>
                    {|#0:client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() })|};
            }
            """);

    // Found as: BatchSender with '(' typed after its stream field, which made it a method.
    [Theory]
    [InlineData("string Stream => \"s\";", true)]
    [InlineData("string Stream() => \"s\";", false)]
    public Task KIN001DoesNotReportACallWithAConversionThatDoesNotExist(string member, bool bound) =>
        VerifyAsync<KIN001PutRecordInLoopAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendAllAsync(IEnumerable<string> items)
                {
                    foreach (var item in items)
                    {
                        var response = await {|#0:client.PutRecordsAsync(new PutRecordsRequest { StreamName = Stream, Records = new List<PutRecordsRequestEntry> { new PutRecordsRequestEntry { PartitionKey = item } } })|};
                        Console.WriteLine(response.FailedRecordCount);
                    }
                }

                {{member}}
            }
            """);

    // Found as: LegacyPublisher without 'using System.Threading.Tasks;', so its client subclass's override returns an unresolved type.
    [Theory]
    [InlineData("Task", true)]
    [InlineData("Taks", false)]
    public Task KIN001DoesNotReportACallWhoseResultTypeDoesNotBind(string task, bool bound) =>
        VerifyAsync<KIN001PutRecordInLoopAnalyzer>(bound, Usings + $$"""
            class TracingClient : AmazonKinesisClient
            {
                public override {{task}}<PutRecordResponse> PutRecordAsync(PutRecordRequest request, System.Threading.CancellationToken cancellationToken = default) =>
                    base.PutRecordAsync(request, cancellationToken);
            }

            class Sender
            {
                private readonly TracingClient client = new TracingClient();

                void SendAll(IEnumerable<PutRecordRequest> requests)
                {
                    foreach (var request in requests)
                    {
                        {|#0:client.PutRecordAsync(request)|}.Wait();
                    }
                }
            }
            """);

    // Found as: AuditTrail with the header of its second partial declaration cut, so TEvent no longer exists there.
    [Theory]
    [InlineData("string", true)]
    [InlineData("Missing", false)]
    public Task KIN002DoesNotReportAKeyNamingATypeThatDoesNotBind(string typeArgument, bool bound) =>
        VerifyAsync<KIN002ConstantPartitionKeyAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                PutRecordRequest Build() => new PutRecordRequest { StreamName = "s", PartitionKey = {|#0:nameof(List<{{typeArgument}}>)|} };
            }
            """);

    // Not a finding (KIN005 already holds): the same guard for the rule that reports on the data expression.
    [Theory]
    [InlineData("string path", true)]
    [InlineData("", false)]
    public Task KIN005DoesNotReportDataThatDoesNotBind(string parameter, bool bound) =>
        VerifyAsync<KIN005RecordOverLimitAnalyzer>(bound, Usings + $$"""
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                Task<PutRecordResponse> SendAsync({{parameter}}) =>
                    client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = {|#0:new MemoryStream(File.ReadAllBytes(path))|} });
            }
            """);

    /// <summary>On both SDK shapes: one diagnostic at #0 when <paramref name="bound"/>, none otherwise (compiler errors ignored).</summary>
    private static async Task VerifyAsync<TAnalyzer>(bool bound, string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var id = new TAnalyzer().SupportedDiagnostics[0].Id;
        if (bound)
        {
            await AnalyzerVerifier<TAnalyzer>.VerifyAsync(source, new DiagnosticResult(id, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0));
        }
        else
        {
            await AnalyzerVerifier<TAnalyzer>.VerifyIgnoringCompilerErrorsAsync(source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));
        }
    }
}
