using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN003UnhandledThrottlingAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN003UnhandledThrottlingTests
{
    private const string Unhandled = "no enclosing try/catch catches it, so a throttled shard fails the caller and the record is lost";
    private const string Wrapped = "blocking on the task wraps it in AggregateException, which no enclosing catch catches";
    private const string FireAndForget = "the task is never awaited, so no catch can see the failure and the record is lost silently";
    private const string AsyncVoid = "it escapes an async void method or lambda, where no caller can catch it";

    /// <summary>A body placed in an async Task method of a producer class, with helpers around it.</summary>
    private static string InMethod(string body) => Usings + $$"""
        class Producer
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();
            private readonly List<Task> pending = new List<Task>();

            async Task SendAsync(PutRecordRequest r)
            {
                {{body}}
            }

            static Task<T> RetryAsync<T>(Func<Task<T>> action) => action();
            static T Retry<T>(Func<T> action) => action();
            static Task Observe(Task task) => task;
        }
        """;

    private static DiagnosticResult Expected(string method, string reason) =>
        Verify.Diagnostic(KinesisRules.UnhandledThrottling).WithLocation(0).WithArguments(method, reason);

    // ---- reported -------------------------------------------------------------------------

    [Fact]
    public Task AwaitedOutsideAnyTryIsReported() =>
        Verify.VerifyAsync(InMethod("await {|#0:client.PutRecordAsync(r)|};"), Expected("PutRecordAsync", Unhandled));

    [Fact]
    public Task SynchronousPutRecordOutsideAnyTryIsReported() =>
        Verify.VerifyAsync(InMethod("var response = {|#0:client.PutRecord(r)|}; Console.WriteLine(response.SequenceNumber);"), Expected("PutRecord", Unhandled));

    [Fact]
    public Task AwaitedWithConfigureAwaitOutsideTryIsReported() =>
        Verify.VerifyAsync(InMethod("await [|client.PutRecordAsync(r)|].ConfigureAwait(false);"));

    [Theory]
    [InlineData("catch (IOException) { }")]
    [InlineData("catch (InvalidOperationException) { }")]
    [InlineData("catch (KMSThrottlingException) { }")]
    [InlineData("catch (ResourceNotFoundException) { }")]
    [InlineData("finally { }")]
    public Task CatchOfAnUnrelatedTypeDoesNotCover(string clause) =>
        Verify.VerifyAsync(InMethod("try { await [|client.PutRecordAsync(r)|]; } " + clause));

    [Fact]
    public Task CallInsideTheCatchBlockIsNotCoveredByThatTry() =>
        Verify.VerifyAsync(InMethod("""
            try { await Task.Delay(1); }
            catch (Exception) { await [|client.PutRecordAsync(r)|]; }
            """));

    [Fact]
    public Task CallInsideTheFinallyIsNotCoveredByThatTry() =>
        Verify.VerifyAsync(InMethod("""
            try { await Task.Delay(1); }
            catch (ProvisionedThroughputExceededException) { }
            finally { await [|client.PutRecordAsync(r)|]; }
            """));

    [Fact]
    public Task DiscardedTaskIsReportedEvenInsideATry() =>
        Verify.VerifyAsync(
            InMethod("try { _ = {|#0:client.PutRecordAsync(r)|}; } catch (Exception) { }"),
            Expected("PutRecordAsync", FireAndForget));

    [Fact]
    public Task UnawaitedCallAsAStatementIsReportedEvenInsideATry() =>
        Verify.VerifyAsync(
            InMethod("try { {|#0:client.PutRecordAsync(r)|}; } catch { }"),
            Expected("PutRecordAsync", FireAndForget));

    [Fact]
    public Task UnawaitedCallWithConfigureAwaitAsAStatementIsReported() =>
        Verify.VerifyAsync(InMethod("[|client.PutRecordAsync(r)|].ConfigureAwait(false);"));

    [Fact]
    public Task DiscardedTaskRunIsReportedEvenInsideATry() =>
        Verify.VerifyAsync(
            InMethod("try { _ = Task.Run(() => {|#0:client.PutRecordAsync(r)|}); } catch (Exception) { }"),
            Expected("PutRecordAsync", FireAndForget));

    [Fact]
    public Task TaskRunOfAnAsyncLambdaAsAStatementIsReportedEvenInsideATry() =>
        Verify.VerifyAsync(
            InMethod("try { Task.Run(async () => await {|#0:client.PutRecordAsync(r)|}); } catch (Exception) { }"),
            Expected("PutRecordAsync", FireAndForget));

    [Fact]
    public Task DiscardedTaskRunOfTheSynchronousCallIsReported() =>
        Verify.VerifyAsync(InMethod("_ = Task.Run(() => [|client.PutRecord(r)|]);"));

    [Fact]
    public Task StoredTaskNeverAwaitedIsFireAndForget() =>
        Verify.VerifyAsync(
            InMethod("var task = {|#0:client.PutRecordAsync(r)|}; Console.WriteLine(task.IsCompleted);"),
            Expected("PutRecordAsync", FireAndForget));

    [Fact]
    public Task StoredTaskAwaitedLaterOutsideTheTryIsReported() =>
        Verify.VerifyAsync(InMethod("""
            var task = [|client.PutRecordAsync(r)|];
            try { await Task.Delay(10); } catch (Exception) { }
            await task;
            """));

    [Fact]
    public Task LocalsAssignedInACycleAreFollowedOnce() =>
        Verify.VerifyAsync(InMethod("""
            var task = [|client.PutRecordAsync(r)|];
            var copy = task;
            task = copy;
            """));

    [Fact]
    public Task CopiedTaskAwaitedInACoveringTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            var task = client.PutRecordAsync(r);
            var copy = task;
            try { await copy; } catch (AmazonKinesisException) { }
            """));

    [Theory]
    [InlineData("[|client.PutRecordAsync(r)|].Wait();")]
    [InlineData("var response = [|client.PutRecordAsync(r)|].Result;")]
    [InlineData("Task.WaitAll([|client.PutRecordAsync(r)|]);")]
    public Task BlockingWrapsTheExceptionSoACatchOfTheExceptionItselfDoesNotCover(string call) =>
        Verify.VerifyAsync(InMethod("try { " + call + " } catch (ProvisionedThroughputExceededException) { }"));

    [Fact]
    public Task BlockingOutsideAnyTryReportsTheWrapping() =>
        Verify.VerifyAsync(InMethod("{|#0:client.PutRecordAsync(r)|}.Wait();"), Expected("PutRecordAsync", Wrapped));

    [Fact]
    public Task WhenAllAwaitedOutsideATryIsReported() =>
        Verify.VerifyAsync(InMethod("""
            var first = [|client.PutRecordAsync(r)|];
            await Task.WhenAll(first, [|client.PutRecordAsync(r)|]);
            """));

    [Fact]
    public Task AsyncLambdaRunAsAsyncVoidIsReported() =>
        Verify.VerifyAsync(
            InMethod("new List<PutRecordRequest> { r }.ForEach(async x => await {|#0:client.PutRecordAsync(x)|});"),
            Expected("PutRecordAsync", AsyncVoid));

    [Fact]
    public Task AsyncVoidMethodIsReported() =>
        Verify.VerifyAsync(
            Usings + """
            class Handler
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                async void OnTick(object sender, EventArgs e) => await {|#0:client.PutRecordAsync(new PutRecordRequest())|};
            }
            """,
            Expected("PutRecordAsync", AsyncVoid));

    [Fact]
    public Task LambdaKeptInAVariableIsItsOwnFunction() =>
        Verify.VerifyAsync(InMethod("""
            Func<Task> send = async () => await [|client.PutRecordAsync(r)|];
            try { await send(); } catch (Exception) { }
            """));

    [Fact]
    public Task EventHandlerLambdaIsReported() =>
        Verify.VerifyAsync(Usings + """
            class Ticker
            {
                public event EventHandler Tick;
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                void Start() => Tick += async (s, e) => await [|client.PutRecordAsync(new PutRecordRequest())|];
            }
            """);

    [Fact]
    public Task LocalFunctionWithoutTryIsReported() =>
        Verify.VerifyAsync(InMethod("""
            await Send();
            async Task Send() { await [|client.PutRecordAsync(r)|]; }
            """));

    [Fact]
    public Task LocalFunctionCalledInsideATryIsStillItsOwnFunction() =>
        Verify.VerifyAsync(InMethod("""
            try { await Send(); } catch (Exception) { }
            async Task Send() => await [|client.PutRecordAsync(r)|];
            """));

    [Fact]
    public async Task TopLevelStatementsAreAnalyzed()
    {
        await Verify.VerifyAsync(
            Usings + """
                IAmazonKinesis client = new AmazonKinesisClient();
                await [|client.PutRecordAsync(new PutRecordRequest { StreamName = "s" })|];
                try { await client.PutRecordAsync(new PutRecordRequest()); } catch (AmazonServiceException) { }
                """,
            test => test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
    }

    [Fact]
    public Task ExpressionBodiedTaskMethodAwaitingTheCallIsReported() =>
        Verify.VerifyAsync(Usings + """
            class Producer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                async Task SendAsync(PutRecordRequest r) => await [|client.PutRecordAsync(r)|];
            }
            """);

    [Fact]
    public Task PartialClassPartsAreEachAnalyzed() =>
        Verify.VerifyAsync(Usings + """
            partial class Producer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                async Task OneAsync(PutRecordRequest r) => await [|client.PutRecordAsync(r)|];
            }

            partial class Producer
            {
                async Task TwoAsync(PutRecordRequest r)
                {
                    try { await client.PutRecordAsync(r); } catch (ProvisionedThroughputExceededException) { }
                    await [|client.PutRecordAsync(r)|];
                }
            }
            """);

    [Fact]
    public Task SubclassOfTheClientIsRecognised() =>
        Verify.VerifyAsync(Usings + """
            class TracingKinesisClient : AmazonKinesisClient
            {
                public override Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default)
                    => base.PutRecordAsync(request, cancellationToken);
            }

            class Producer
            {
                async Task SendAsync(TracingKinesisClient tracing, AmazonKinesisClient plain, PutRecordRequest r)
                {
                    await [|tracing.PutRecordAsync(r)|];
                    await [|plain.PutRecordAsync(r)|];
                    [|plain.PutRecord(r)|];
                }
            }
            """);

    [Fact]
    public Task WrapperImplementingTheInterfaceIsRecognised() =>
        Verify.VerifyAsync(Usings + """
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
                async Task SendAsync(MeteredKinesis metered, PutRecordRequest r)
                {
                    await [|metered.PutRecordAsync(r)|];
                    _ = [|metered.PutRecord(r)|];
                }
            }
            """);

    // ---- not reported ---------------------------------------------------------------------

    [Theory]
    [InlineData("catch (ProvisionedThroughputExceededException) { }")]
    [InlineData("catch (ProvisionedThroughputExceededException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest) { }")]
    [InlineData("catch (AmazonKinesisException) { }")]
    [InlineData("catch (AmazonServiceException e) when (e.ErrorCode == \"ProvisionedThroughputExceededException\") { }")]
    [InlineData("catch (Exception) { throw; }")]
    [InlineData("catch { }")]
    [InlineData("catch (IOException) { } catch (AmazonKinesisException) { }")]
    [InlineData("catch (ProvisionedThroughputExceededException) { } finally { Console.WriteLine(); }")]
    public Task AwaitedInsideATryWhoseCatchCoversIsNotReported(string clause) =>
        Verify.VerifyAsync(InMethod("try { await client.PutRecordAsync(r); } " + clause));

    [Fact]
    public Task SynchronousCallInsideACoveringTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("try { client.PutRecord(r); } catch (ProvisionedThroughputExceededException) { }"));

    [Fact]
    public Task CoveringTryFurtherOutIsFound() =>
        Verify.VerifyAsync(InMethod("""
            try
            {
                try { await client.PutRecordAsync(r); }
                finally { Console.WriteLine("sent"); }
            }
            catch (ProvisionedThroughputExceededException) { }
            """));

    [Fact]
    public Task CallInACatchBlockCoveredByAnOuterTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            try
            {
                try { await Task.Delay(1); }
                catch (TimeoutException) { await client.PutRecordAsync(r); }
            }
            catch (AmazonServiceException) { }
            """));

    [Fact]
    public Task StoredTaskAwaitedInsideACoveringTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            var task = client.PutRecordAsync(r);
            Console.WriteLine("sending");
            try { var response = await task; Console.WriteLine(response.ShardId); }
            catch (ProvisionedThroughputExceededException) { }
            """));

    [Fact]
    public Task GetAwaiterGetResultRethrowsTheExceptionItself() =>
        Verify.VerifyAsync(InMethod("try { client.PutRecordAsync(r).ConfigureAwait(false).GetAwaiter().GetResult(); } catch (ProvisionedThroughputExceededException) { }"));

    [Theory]
    [InlineData("client.PutRecordAsync(r).Wait();")]
    [InlineData("var response = client.PutRecordAsync(r).Result;")]
    [InlineData("Task.WaitAll(client.PutRecordAsync(r), Task.Delay(1));")]
    public Task BlockingInsideATryThatCatchesAggregateExceptionIsNotReported(string call) =>
        Verify.VerifyAsync(InMethod("try { " + call + " } catch (AggregateException) { }"));

    [Fact]
    public Task WhenAllAwaitedInsideACoveringTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            var first = client.PutRecordAsync(r);
            try { await Task.WhenAll(first, client.PutRecordAsync(r)); }
            catch (AmazonKinesisException) { }
            """));

    [Fact]
    public Task ForwardingWrappersAreNotReported() =>
        Verify.VerifyAsync(Usings + """
            class KinesisSender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                public Task<PutRecordResponse> SendAsync(PutRecordRequest r) => client.PutRecordAsync(r);

                public Task<PutRecordResponse> SendWithConfigureAwait(PutRecordRequest r)
                {
                    Console.WriteLine("forwarding");
                    return client.PutRecordAsync(r);
                }

                public async Task<PutRecordResponse> SendAndAwaitAsync(PutRecordRequest r) => await client.PutRecordAsync(r).ConfigureAwait(false);

                public PutRecordResponse Send(PutRecordRequest r) => client.PutRecord(r);

                public Task<PutRecordResponse> SendLater(PutRecordRequest r)
                {
                    var task = client.PutRecordAsync(r);
                    return task;
                }

                public Func<Task<PutRecordResponse>> Sender(PutRecordRequest r) => () => client.PutRecordAsync(r);
            }
            """);

    [Fact]
    public Task LambdaHandedToARetryHelperIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            await RetryAsync(() => client.PutRecordAsync(r));
            await RetryAsync(async () => await client.PutRecordAsync(r));
            Retry(() => client.PutRecord(r));
            """));

    [Fact]
    public Task LambdaHandedToAResiliencePipelineIsNotReported() =>
        Verify.VerifyAsync(Usings + """
            sealed class ResiliencePipeline
            {
                public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> callback, CancellationToken cancellationToken = default) => callback(cancellationToken);
            }

            class Producer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
                private readonly ResiliencePipeline pipeline = new ResiliencePipeline();

                Task<PutRecordResponse> SendAsync(PutRecordRequest r) =>
                    pipeline.ExecuteAsync(async ct => await client.PutRecordAsync(r, ct)).AsTask();
            }
            """);

    [Fact]
    public Task TaskRunAwaitedInsideACoveringTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            try
            {
                await Task.Run(() => client.PutRecordAsync(r));
                await Task.Run(async () => { await client.PutRecordAsync(r); });
                await Task.Run(() => client.PutRecord(r));
            }
            catch (ProvisionedThroughputExceededException) { }
            """));

    [Fact]
    public Task HandlingInsideAFireAndForgetLambdaIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            _ = Task.Run(async () =>
            {
                try { await client.PutRecordAsync(r); }
                catch (ProvisionedThroughputExceededException) { await Task.Delay(100); }
            });
            """));

    [Fact]
    public Task TaskHandedToOtherCodeIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            pending.Add(client.PutRecordAsync(r));
            await Observe(client.PutRecordAsync(r));
            _ = client.PutRecordAsync(r).ContinueWith(t => Console.WriteLine(t.Exception));
            var task = client.PutRecordAsync(r);
            if (task.IsFaulted) { Console.WriteLine(task.Exception); }
            """));

    [Fact]
    public Task LocalFunctionWithItsOwnTryIsNotReported() =>
        Verify.VerifyAsync(InMethod("""
            await Send();
            async Task Send()
            {
                try { await client.PutRecordAsync(r); } catch (ProvisionedThroughputExceededException) { }
            }
            """));

    [Fact]
    public Task PutRecordsIsNotThisRule() =>
        Verify.VerifyAsync(InMethod("await client.PutRecordsAsync(new PutRecordsRequest()); client.ListShardsAsync(new ListShardsRequest()).Wait();"));

    [Fact]
    public Task FirehoseAndUserMethodsOfTheSameNameAreNotReported() =>
        Verify.VerifyAsync(Usings + """
            namespace Amazon.KinesisFirehose
            {
                public class Record { public MemoryStream Data { get; set; } }
                public class PutRecordRequest { public string DeliveryStreamName { get; set; } public Record Record { get; set; } }
                public class PutRecordResponse { public string RecordId { get; set; } }
                public interface IAmazonKinesisFirehose
                {
                    Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default);
                    PutRecordResponse PutRecord(PutRecordRequest request);
                }
            }

            class Queue
            {
                public Task<Amazon.Kinesis.Model.PutRecordResponse> PutRecordAsync(Amazon.Kinesis.Model.PutRecordRequest request) => Task.FromResult(new Amazon.Kinesis.Model.PutRecordResponse());
                public void PutRecord(Amazon.Kinesis.Model.PutRecordRequest request) { }
            }

            class Producer
            {
                async Task SendAsync(Amazon.KinesisFirehose.IAmazonKinesisFirehose firehose, Queue queue)
                {
                    await firehose.PutRecordAsync(new Amazon.KinesisFirehose.PutRecordRequest());
                    _ = firehose.PutRecordAsync(new Amazon.KinesisFirehose.PutRecordRequest());
                    firehose.PutRecord(new Amazon.KinesisFirehose.PutRecordRequest());
                    await queue.PutRecordAsync(new PutRecordRequest());
                    _ = queue.PutRecordAsync(new PutRecordRequest());
                    queue.PutRecord(new PutRecordRequest());
                }
            }
            """);

    [Fact]
    public Task ProjectWithoutAmazonKinesisIsNotAnalyzed() =>
        Verify.VerifyWithoutKinesisAsync("""
            using System.Threading.Tasks;
            namespace Amazon.Kinesis.Model { public class PutRecordRequest { } public class PutRecordResponse { } }
            namespace Amazon.Kinesis
            {
                public class AmazonKinesisClient
                {
                    public Task<Model.PutRecordResponse> PutRecordAsync(Model.PutRecordRequest r) => Task.FromResult(new Model.PutRecordResponse());
                }
            }
            class Producer
            {
                async Task SendAsync(Amazon.Kinesis.AmazonKinesisClient client)
                {
                    await client.PutRecordAsync(new Amazon.Kinesis.Model.PutRecordRequest());
                    _ = client.PutRecordAsync(new Amazon.Kinesis.Model.PutRecordRequest());
                }
            }
            """);

    [Fact]
    public Task GeneratedCodeIsSkipped() =>
        Verify.VerifyAsync("class Empty { }", test =>
        {
            test.TestState.Sources.Add(("Producer.g.cs", Usings + """
                class Generated
                {
                    async Task SendAsync(IAmazonKinesis client) => await client.PutRecordAsync(new PutRecordRequest());
                }
                """));
            test.TestState.Sources.Add(("Marked.cs", "// <auto-generated/>\n" + Usings + """
                class Marked
                {
                    void Send(IAmazonKinesis client) => _ = client.PutRecordAsync(new PutRecordRequest());
                }
                """));
        });

    // ---- code being typed ----------------------------------------------------------------

    [Theory]
    [InlineData("await client.PutRecordAsync(")]
    [InlineData("await client.PutRecordAsync(r")]
    [InlineData("await client.PutRecordAsync(r, )")]
    [InlineData("await client.PutRecordAsync(new PutRecordRequest { PartitionKey = })")]
    [InlineData("await client.PutRecordAsync(unknownRequest);")]
    [InlineData("await client.PutRecordAsync(r).")]
    [InlineData("await unknownClient.PutRecordAsync(r);")]
    [InlineData("await client.PutRecordAsync(r, CancellationToken.None, 3);")]
    [InlineData("var t = client.PutRecordAsync(r); await t.")]
    [InlineData("try { await client.PutRecordAsync(r); } catch (ProvisionedThroughputExceptio) { }")]
    [InlineData("try { await client.PutRecordAsync(r); } catch (")]
    [InlineData("try { await client.PutRecordAsync(r); }")]
    [InlineData("Func<Task> f = async () => await client.PutRecordAsync(r")]
    public async Task IncompleteCodeNeverThrowsNorReportsUnboundCalls(string body)
    {
        await Verify.VerifyIgnoringCompilerErrorsAsync(InMethod(body));
    }

    [Theory]
    [InlineData("await [|client.PutRecordAsync(r)|];\n var x = ")]
    [InlineData("_ = Task.Run(() => [|client.PutRecordAsync(r)|]")]
    public async Task IncompleteCodeAroundABoundCallIsStillAnalyzed(string body)
    {
        // The call itself binds; only the code around it is unfinished.
        await Verify.VerifyIgnoringCompilerErrorsAsync(InMethod(body));
    }
}
