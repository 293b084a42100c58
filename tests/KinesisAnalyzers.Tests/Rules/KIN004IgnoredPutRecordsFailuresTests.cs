using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN004IgnoredPutRecordsFailuresAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN004IgnoredPutRecordsFailuresTests
{
    private const string Discarded = "discarded";
    private const string Dropped = "waited for and then dropped";
    private const string NeverChecked = "never checked for FailedRecordCount or Records[i].ErrorCode";
    private const string StatusOnly = "checked only for HttpStatusCode, which is 200 even when entries fail";

    /// <summary>A body placed in an async Task method of a producer class, with helpers around it.</summary>
    private static string InMethod(string body) => Usings + $$"""
        class Producer
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();
            private readonly List<PutRecordsResponse> responses = new List<PutRecordsResponse>();
            private PutRecordsResponse last;

            async Task SendAsync(PutRecordsRequest req)
            {
                {{body}}
            }

            static void Handle(PutRecordsResponse response) { }
            static void RetryFailed(PutRecordsRequest request, List<PutRecordsResultEntry> entries) { }
        }
        """;

    private static DiagnosticResult Expected(string method, string reason) =>
        Verify.Diagnostic(KinesisRules.IgnoredPutRecordsFailures).WithLocation(0).WithArguments(method, reason);

    // ---- reported -------------------------------------------------------------------------

    [Fact]
    public Task AwaitedAsAStatementIsReported() =>
        Verify.VerifyAsync(InMethod("await {|#0:client.PutRecordsAsync(req)|};"), Expected("PutRecordsAsync", Discarded));

    [Fact]
    public Task SynchronousCallAsAStatementIsReported() =>
        Verify.VerifyAsync(InMethod("{|#0:client.PutRecords(req)|};"), Expected("PutRecords", Discarded));

    [Theory]
    [InlineData("_ = await [|client.PutRecordsAsync(req)|];")]
    [InlineData("_ = [|client.PutRecordsAsync(req)|];")]
    [InlineData("[|client.PutRecordsAsync(req)|];")]
    [InlineData("await [|client.PutRecordsAsync(req)|].ConfigureAwait(false);")]
    [InlineData("_ = [|client.PutRecords(req)|];")]
    [InlineData("var (_, count) = (await [|client.PutRecordsAsync(req)|], 1);")]
    public Task DiscardedResponseIsReported(string body) =>
        Verify.VerifyAsync(InMethod(body));

    [Theory]
    [InlineData("{|#0:client.PutRecordsAsync(req)|}.GetAwaiter().GetResult();")]
    [InlineData("{|#0:client.PutRecordsAsync(req)|}.ConfigureAwait(false).GetAwaiter().GetResult();")]
    [InlineData("{|#0:client.PutRecordsAsync(req)|}.Wait();")]
    [InlineData("_ = {|#0:client.PutRecordsAsync(req)|}.Result;")]
    [InlineData("Task.WaitAll({|#0:client.PutRecordsAsync(req)|});")]
    [InlineData("var task = {|#0:client.PutRecordsAsync(req)|}; task.Wait(TimeSpan.FromSeconds(5));")]
    public Task BlockedOnAndDroppedIsReported(string body) =>
        Verify.VerifyAsync(InMethod(body), Expected("PutRecordsAsync", Dropped));

    [Fact]
    public Task CheckingOnlyTheHttpStatusCodeIsReported() =>
        Verify.VerifyAsync(
            InMethod("""
                var resp = await {|#0:client.PutRecordsAsync(req)|};
                Console.WriteLine(resp.HttpStatusCode);
                if (resp.HttpStatusCode != HttpStatusCode.OK) { throw new InvalidOperationException(); }
                """),
            Expected("PutRecordsAsync", StatusOnly));

    [Fact]
    public Task StatusCodeInAPatternIsStillOnlyTheStatusCode() =>
        Verify.VerifyAsync(
            InMethod("if (await {|#0:client.PutRecordsAsync(req)|} is { HttpStatusCode: HttpStatusCode.OK }) { Console.WriteLine(\"ok\"); }"),
            Expected("PutRecordsAsync", StatusOnly));

    [Theory]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|};")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; Console.WriteLine(resp.ResponseMetadata.RequestId);")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; if (resp != null) { Console.WriteLine($\"sent {resp}\"); }")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; Console.WriteLine(resp.Records.Count);")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; foreach (var e in resp.Records) { Console.WriteLine(e.SequenceNumber); }")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; Console.WriteLine(resp.Records.Count());")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; if (resp is PutRecordsResponse typed) { Console.WriteLine(typed.HttpStatusCode); } Console.WriteLine(resp.EncryptionType);")]
    public Task StoredButNeverExaminedIsReported(string body) =>
        Verify.VerifyAsync(InMethod(body), Expected("PutRecordsAsync", body.Contains("typed") ? StatusOnly : NeverChecked));

    [Fact]
    public Task LocalsAssignedInACycleAreFollowedOnce() =>
        Verify.VerifyAsync(
            InMethod("""
                var resp = await {|#0:client.PutRecordsAsync(req)|};
                var copy = resp;
                resp = copy;
                """),
            Expected("PutRecordsAsync", NeverChecked));

    [Fact]
    public Task StoredTaskAwaitedLaterAndDroppedIsReported() =>
        Verify.VerifyAsync(
            InMethod("""
                var task = {|#0:client.PutRecordsAsync(req)|};
                Console.WriteLine("sending");
                await task;
                """),
            Expected("PutRecordsAsync", Discarded));

    [Fact]
    public Task StoredTaskNeverAwaitedIsReported() =>
        Verify.VerifyAsync(
            InMethod("var task = {|#0:client.PutRecordsAsync(req)|}; Console.WriteLine(task.IsCompleted);"),
            Expected("PutRecordsAsync", Discarded));

    [Fact]
    public Task StoredTaskAwaitedIntoAnUnexaminedLocalIsReported() =>
        Verify.VerifyAsync(
            InMethod("var task = {|#0:client.PutRecordsAsync(req)|}; var resp = await task; Console.WriteLine(resp.HttpStatusCode);"),
            Expected("PutRecordsAsync", StatusOnly));

    [Fact]
    public Task DeconstructionIsFollowedPerElement() =>
        Verify.VerifyAsync(InMethod("""
            var (first, second) = (await client.PutRecordsAsync(req), await [|client.PutRecordsAsync(req)|]);
            if (first.FailedRecordCount > 0) { Handle(first); }
            Console.WriteLine(second.HttpStatusCode);
            """));

    [Fact]
    public Task DeconstructionIntoExistingLocalsIsFollowed() =>
        Verify.VerifyAsync(InMethod("""
            PutRecordsResponse first, second;
            (first, second) = (await [|client.PutRecordsAsync(req)|], await client.PutRecordsAsync(req));
            Handle(second);
            """));

    [Fact]
    public Task TaskRunIsFollowed() =>
        Verify.VerifyAsync(InMethod("""
            await Task.Run(() => [|client.PutRecordsAsync(req)|]);
            var resp = await Task.Run(() => [|client.PutRecords(req)|]);
            Console.WriteLine(resp.HttpStatusCode);
            """));

    [Fact]
    public Task ActionLambdaDropsTheTask() =>
        Verify.VerifyAsync(InMethod("new List<PutRecordsRequest> { req }.ForEach(batch => [|client.PutRecordsAsync(batch)|]);"));

    [Fact]
    public Task BlockingWithResultIntoAnUnexaminedLocalIsReported() =>
        Verify.VerifyAsync(InMethod("var resp = [|client.PutRecordsAsync(req)|].Result; Console.WriteLine(resp.HttpStatusCode);"));

    [Fact]
    public Task LocalFunctionIsAnalyzed() =>
        Verify.VerifyAsync(InMethod("""
            await Send(req);
            async Task Send(PutRecordsRequest batch) { var resp = await [|client.PutRecordsAsync(batch)|]; }
            """));

    [Fact]
    public Task ExpressionBodiedMembersAreAnalyzed() =>
        Verify.VerifyAsync(Usings + """
            class Producer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                async Task SendAsync(PutRecordsRequest req) => await [|client.PutRecordsAsync(req)|];
                void Send(PutRecordsRequest req) => [|client.PutRecords(req)|];
                Task<PutRecordsResponse> Forward(PutRecordsRequest req) => client.PutRecordsAsync(req);
            }
            """);

    [Fact]
    public async Task TopLevelStatementsAreAnalyzed()
    {
        foreach (var shape in SdkShape.All)
        {
            var test = Verify.CreateTest(shape, Usings + """
                IAmazonKinesis client = new AmazonKinesisClient();
                var request = new PutRecordsRequest { StreamName = "orders" };
                await [|client.PutRecordsAsync(request)|];
                var checkedResponse = await client.PutRecordsAsync(request);
                if (checkedResponse.FailedRecordCount > 0) { throw new InvalidOperationException("retry"); }
                """);
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            await test.RunAsync();
        }
    }

    [Fact]
    public Task PartialClassPartsAreEachAnalyzed() =>
        Verify.VerifyAsync(Usings + """
            partial class Producer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                async Task OneAsync(PutRecordsRequest req) => await [|client.PutRecordsAsync(req)|];
            }

            partial class Producer
            {
                async Task<int> TwoAsync(PutRecordsRequest req)
                {
                    var resp = await client.PutRecordsAsync(req);
                    return resp.Records.Count(e => e.ErrorCode != null);
                }
            }
            """);

    [Fact]
    public Task SubclassesAndWrappersOfTheClientAreRecognised() =>
        Verify.VerifyAsync(Usings + """
            class TracingKinesisClient : AmazonKinesisClient
            {
                public override Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default)
                    => base.PutRecordsAsync(request, cancellationToken);
            }

            sealed class MeteredKinesis : IAmazonKinesis
            {
                private readonly IAmazonKinesis inner;
                public MeteredKinesis(IAmazonKinesis inner) { this.inner = inner; }
                public IClientConfig Config => inner.Config;
                public static ClientConfig CreateDefaultClientConfig() => throw new NotSupportedException();
                public static IAmazonService CreateDefaultServiceClient(AWSCredentials credentials, ClientConfig config) => throw new NotSupportedException();
                public Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default) => inner.PutRecordAsync(request, cancellationToken);
                public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default) => inner.PutRecordsAsync(request, cancellationToken);
                public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default) => inner.ListShardsAsync(request, cancellationToken);
                public Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken cancellationToken = default) => inner.DescribeStreamSummaryAsync(request, cancellationToken);
                public PutRecordResponse PutRecord(PutRecordRequest request) => inner.PutRecord(request);
                public PutRecordsResponse PutRecords(PutRecordsRequest request) => inner.PutRecords(request);
                public void Dispose() => inner.Dispose();
            }

            class Producer
            {
                async Task SendAsync(TracingKinesisClient tracing, MeteredKinesis metered, AmazonKinesisClient plain, PutRecordsRequest req)
                {
                    await [|tracing.PutRecordsAsync(req)|];
                    await [|metered.PutRecordsAsync(req)|];
                    [|metered.PutRecords(req)|];
                    await [|plain.PutRecordsAsync(req)|];
                }
            }
            """);

    // ---- not reported ---------------------------------------------------------------------

    [Theory]
    [InlineData("if (resp.FailedRecordCount > 0) { throw new InvalidOperationException(); }")]
    [InlineData("if (resp.FailedRecordCount is > 0) { Handle(resp); }")]
    [InlineData("if (resp.FailedRecordCount != 0) { Handle(resp); }")]
    [InlineData("var failed = resp.FailedRecordCount;")]
    [InlineData("if (resp?.FailedRecordCount > 0) { Console.WriteLine(\"failed\"); }")]
    [InlineData("if (resp is { FailedRecordCount: > 0 }) { Console.WriteLine(\"failed\"); }")]
    [InlineData("var text = resp switch { { FailedRecordCount: 0 } => \"ok\", _ => \"partial\" };")]
    [InlineData("switch (resp) { case { FailedRecordCount: > 0 }: Console.WriteLine(\"failed\"); break; }")]
    [InlineData("foreach (var entry in resp.Records) { if (entry.ErrorCode != null) { Console.WriteLine(entry.ErrorMessage); } }")]
    [InlineData("for (var i = 0; i < resp.Records.Count; i++) { if (resp.Records[i].ErrorCode == \"ProvisionedThroughputExceededException\") { Console.WriteLine(i); } }")]
    [InlineData("var failed = resp.Records.Where(e => e.ErrorCode != null).ToList();")]
    [InlineData("if (resp is { Records: var entries } && entries.Any(e => e.ErrorCode is not null)) { Console.WriteLine(\"failed\"); }")]
    [InlineData("RetryFailed(req, resp.Records);")]
    [InlineData("Handle(resp);")]
    [InlineData("responses.Add(resp);")]
    [InlineData("last = resp;")]
    [InlineData("Console.WriteLine(resp.HttpStatusCode); if (resp.FailedRecordCount > 0) { Handle(resp); }")]
    [InlineData("Func<bool> failed = () => resp.FailedRecordCount > 0; Console.WriteLine(failed());")]
    [InlineData("var copy = resp; if (copy.FailedRecordCount > 0) { Handle(copy); }")]
    public Task ExaminedOrHandedOnIsNotReported(string check) =>
        Verify.VerifyAsync(InMethod("var resp = await client.PutRecordsAsync(req);\n" + check));

    [Fact]
    public Task GetValueOrDefaultOnTheV4CountIsAnExamination() =>
        Verify.VerifyAsync(SdkShape.V4, InMethod("""
            var resp = await client.PutRecordsAsync(req);
            if (resp.FailedRecordCount.GetValueOrDefault() > 0) { Handle(resp); }
            var failed = resp.FailedRecordCount ?? 0;
            """));

    [Theory]
    [InlineData("if ((await client.PutRecordsAsync(req)).FailedRecordCount > 0) { return; }")]
    [InlineData("if (await client.PutRecordsAsync(req) is { FailedRecordCount: > 0 } failed) { Handle(failed); }")]
    [InlineData("if (await client.PutRecordsAsync(req) is var resp && resp.FailedRecordCount > 0) { Handle(resp); }")]
    [InlineData("Handle(await client.PutRecordsAsync(req));")]
    [InlineData("Handle(client.PutRecords(req));")]
    [InlineData("var resp = client.PutRecords(req); if (resp.FailedRecordCount > 0) { Handle(resp); }")]
    [InlineData("var resp = client.PutRecordsAsync(req).Result; if (resp.FailedRecordCount > 0) { Handle(resp); }")]
    [InlineData("var resp = client.PutRecordsAsync(req).GetAwaiter().GetResult(); Handle(resp);")]
    [InlineData("var task = client.PutRecordsAsync(req); Console.WriteLine(\"sending\"); var resp = await task; Handle(resp);")]
    [InlineData("var task = client.PutRecordsAsync(req); task.Wait(); Handle(task.Result);")]
    [InlineData("var (first, second) = (await client.PutRecordsAsync(req), await client.PutRecordsAsync(req)); Handle(first); if (second.FailedRecordCount > 0) { Handle(second); }")]
    [InlineData("var resp = await Task.Run(() => client.PutRecordsAsync(req)); Handle(resp);")]
    [InlineData("var all = await Task.WhenAll(client.PutRecordsAsync(req), client.PutRecordsAsync(req)); foreach (var r in all) { Handle(r); }")]
    [InlineData("var pending = new List<Task<PutRecordsResponse>> { client.PutRecordsAsync(req) }; Console.WriteLine(pending.Count);")]
    [InlineData("_ = client.PutRecordsAsync(req).ContinueWith(t => Handle(t.Result));")]
    [InlineData("var responses = await Task.WhenAll(new[] { req }.Select(b => client.PutRecordsAsync(b)));")]
    public Task FollowedToAnExaminationIsNotReported(string body) =>
        Verify.VerifyAsync(InMethod(body));

    [Fact]
    public Task ReturnedResponsesAreNotReported() =>
        Verify.VerifyAsync(Usings + """
            class KinesisSender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                public Task<PutRecordsResponse> SendAsync(PutRecordsRequest req) => client.PutRecordsAsync(req);

                public async Task<PutRecordsResponse> SendAndAwaitAsync(PutRecordsRequest req)
                {
                    var resp = await client.PutRecordsAsync(req).ConfigureAwait(false);
                    Console.WriteLine(resp.HttpStatusCode);
                    return resp;
                }

                public PutRecordsResponse Send(PutRecordsRequest req) => client.PutRecords(req);

                public async Task<List<PutRecordsResultEntry>> EntriesAsync(PutRecordsRequest req)
                {
                    var resp = await client.PutRecordsAsync(req);
                    return resp.Records;
                }

                public Task<PutRecordsResponse> SendLater(PutRecordsRequest req)
                {
                    var task = client.PutRecordsAsync(req);
                    return task;
                }

                public IEnumerable<Task<PutRecordsResponse>> SendAll(IEnumerable<PutRecordsRequest> requests)
                {
                    foreach (var req in requests)
                    {
                        yield return client.PutRecordsAsync(req);
                    }
                }
            }
            """);

    [Fact]
    public Task PutRecordIsNotThisRule() =>
        Verify.VerifyAsync(InMethod("await client.PutRecordAsync(new PutRecordRequest()); client.PutRecord(new PutRecordRequest());"));

    [Fact]
    public Task FirehoseAndUserMethodsOfTheSameNameAreNotReported() =>
        Verify.VerifyAsync(Usings + """
            namespace Amazon.KinesisFirehose
            {
                public class PutRecordBatchRequest { }
                public class PutRecordsResponse { public int FailedPutCount { get; set; } }
                public interface IAmazonKinesisFirehose
                {
                    Task<PutRecordsResponse> PutRecordsAsync(PutRecordBatchRequest request, CancellationToken cancellationToken = default);
                    PutRecordsResponse PutRecords(PutRecordBatchRequest request);
                }
            }

            class Queue
            {
                public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request) => Task.FromResult(new PutRecordsResponse());
                public PutRecordsResponse PutRecords(PutRecordsRequest request) => new PutRecordsResponse();
            }

            class Producer
            {
                async Task SendAsync(Amazon.KinesisFirehose.IAmazonKinesisFirehose firehose, Queue queue)
                {
                    await firehose.PutRecordsAsync(new Amazon.KinesisFirehose.PutRecordBatchRequest());
                    firehose.PutRecords(new Amazon.KinesisFirehose.PutRecordBatchRequest());
                    await queue.PutRecordsAsync(new PutRecordsRequest());
                    queue.PutRecords(new PutRecordsRequest());
                }
            }
            """);

    [Fact]
    public Task ProjectWithoutAmazonKinesisIsNotAnalyzed() =>
        Verify.VerifyWithoutKinesisAsync("""
            using System.Threading.Tasks;
            namespace Amazon.Kinesis.Model { public class PutRecordsRequest { } public class PutRecordsResponse { } }
            namespace Amazon.Kinesis
            {
                public class AmazonKinesisClient
                {
                    public Task<Model.PutRecordsResponse> PutRecordsAsync(Model.PutRecordsRequest r) => Task.FromResult(new Model.PutRecordsResponse());
                    public Model.PutRecordsResponse PutRecords(Model.PutRecordsRequest r) => new Model.PutRecordsResponse();
                }
            }
            class Producer
            {
                async Task SendAsync(Amazon.Kinesis.AmazonKinesisClient client)
                {
                    await client.PutRecordsAsync(new Amazon.Kinesis.Model.PutRecordsRequest());
                    client.PutRecords(new Amazon.Kinesis.Model.PutRecordsRequest());
                }
            }
            """);

    [Fact]
    public async Task GeneratedCodeIsSkipped()
    {
        foreach (var shape in SdkShape.All)
        {
            var test = Verify.CreateTest(shape, "class Empty { }");
            test.TestState.Sources.Add(("Producer.g.cs", Usings + """
                class Generated
                {
                    async Task SendAsync(IAmazonKinesis client) => await client.PutRecordsAsync(new PutRecordsRequest());
                }
                """));
            test.TestState.Sources.Add(("Marked.cs", "// <auto-generated/>\n" + Usings + """
                class Marked
                {
                    void Send(IAmazonKinesis client) => client.PutRecords(new PutRecordsRequest());
                }
                """));
            await test.RunAsync();
        }
    }

    // ---- code being typed ----------------------------------------------------------------

    [Theory]
    [InlineData("await client.PutRecordsAsync(")]
    [InlineData("await client.PutRecordsAsync(req")]
    [InlineData("await client.PutRecordsAsync(new PutRecordsRequest { Records = })")]
    [InlineData("await client.PutRecordsAsync(unknownRequest);")]
    [InlineData("await unknownClient.PutRecordsAsync(req);")]
    [InlineData("await client.PutRecordsAsync(req, CancellationToken.None, 3);")]
    [InlineData("var resp = await client.PutRecordsAsync(req); if (resp.FailedRecordCoun")]
    [InlineData("var resp = await client.PutRecordsAsync(req); if (resp.")]
    [InlineData("var resp = await client.PutRecordsAsync(req); Handle(resp, ")]
    [InlineData("var resp = await client.PutRecordsAsync(req); Unknown(resp);")]
    [InlineData("var resp = await client.PutRecordsAsync(req); if (resp is { FailedRecordCoun: > 0 }) { }")]
    [InlineData("var task = client.PutRecordsAsync(req); var resp = await task.")]
    [InlineData("var (a, b) = await client.PutRecordsAsync(req);")]
    [InlineData("foreach (var e in (await client.PutRecordsAsync(req)).Records) { if (e.ErrorCod")]
    public async Task IncompleteCodeNeverThrowsNorReportsUnboundCode(string body)
    {
        await Verify.VerifyIgnoringCompilerErrorsAsync(InMethod(body));
    }

    [Fact]
    public async Task IncompleteCodeAroundABoundCallIsStillAnalyzed()
    {
        foreach (var shape in SdkShape.All)
        {
            var test = Verify.CreateTest(shape, InMethod("var resp = await [|client.PutRecordsAsync(req)|];\nConsole.WriteLine(resp.HttpStatusCode)"));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            await test.RunAsync();
        }
    }
}
