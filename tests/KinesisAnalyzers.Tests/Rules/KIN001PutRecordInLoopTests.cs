using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN001PutRecordInLoopAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN001PutRecordInLoopTests
{
    /// <summary>A class with an <c>IAmazonKinesis client</c> field and the given members.</summary>
    private static string Sender(string members) => Usings + $$"""
        public record Order(string Id, byte[] Body);

        class Sender
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            private static PutRecordRequest Request(Order order) =>
                new PutRecordRequest { StreamName = "orders", PartitionKey = order.Id, Data = new MemoryStream(order.Body) };

            private static PutRecordsRequestEntry Entry(Order order) =>
                new PutRecordsRequestEntry { PartitionKey = order.Id, Data = new MemoryStream(order.Body) };

        {{members}}
        }
        """;

    private static DiagnosticResult Expected(int location, string method, string iteration, string via = "") =>
        Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(location).WithArguments(method, iteration, via);

    /// <summary>Runs a test on both SDK shapes without compiler diagnostics, for code with errors in it.</summary>
    private static async Task VerifyIgnoringCompilerErrorsAsync(string source, params DiagnosticResult[] expected)
    {
        await Verify.VerifyIgnoringCompilerErrorsAsync(source, expected);
    }

    // ---- Loops ----

    [Fact]
    public async Task ForeachAwaitingPutRecordAsyncIsReported()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    await {|#0:client.PutRecordAsync(Request(order))|};
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the foreach loop"));
    }

    [Fact]
    public async Task ForLoopCallingSynchronousPutRecordIsReported()
    {
        var source = Sender("""
            void SendAll(Order[] orders)
            {
                for (var i = 0; i < orders.Length; i++)
                {
                    var response = {|#0:client.PutRecord(Request(orders[i]))|};
                    Console.WriteLine(response.SequenceNumber);
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecord", "iteration of the for loop"));
    }

    [Fact]
    public async Task WhileLoopDrainingAQueueIsReported()
    {
        var source = Sender("""
            async Task Drain(Queue<Order> queue)
            {
                while (queue.TryDequeue(out var order))
                    await {|#0:client.PutRecordAsync(Request(order))|};
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the while loop"));
    }

    [Fact]
    public async Task DoLoopIsReported()
    {
        var source = Sender("""
            async Task Drain(Func<Order?> next)
            {
                Order? order;
                do
                {
                    order = next();
                    if (order is not null)
                    {
                        await {|#0:client.PutRecordAsync(Request(order))|};
                    }
                }
                while (order is not null);
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the do loop"));
    }

    [Fact]
    public async Task AwaitForeachIsReported()
    {
        var source = Sender("""
            async Task Forward(IAsyncEnumerable<Order> orders, CancellationToken cancellationToken)
            {
                await foreach (var order in orders.WithCancellation(cancellationToken))
                {
                    await {|#0:client.PutRecordAsync(Request(order), cancellationToken)|};
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the await foreach loop"));
    }

    [Fact]
    public async Task ConsumerLoopWithoutPacingIsReported()
    {
        // A delay only when the queue is empty is a poll, not a pace: every item still costs one request.
        var source = Sender("""
            async Task Pump(System.Collections.Concurrent.ConcurrentQueue<Order> queue, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (queue.TryDequeue(out var order))
                    {
                        await [|client.PutRecordAsync(Request(order), cancellationToken)|];
                    }
                    else
                    {
                        await Task.Delay(100, cancellationToken);
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task DelayOnlyInCatchIsABackOffNotAPace()
    {
        var source = Sender("""
            async Task SendAll(List<Order> orders)
            {
                foreach (var order in orders)
                {
                    try
                    {
                        await [|client.PutRecordAsync(Request(order))|];
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        await Task.Delay(500);
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task InnerLoopOfAPacedLoopIsReported()
    {
        var source = Sender("""
            async Task Flush(Func<List<Order>> drain, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var order in drain())
                    {
                        await {|#0:client.PutRecordAsync(Request(order))|};
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the foreach loop"));
    }

    // ---- Per-element lambdas ----

    [Fact]
    public async Task SelectFeedingWhenAllIsReported()
    {
        var source = Sender("""
            Task SendAll(IEnumerable<Order> orders) =>
                Task.WhenAll(orders.Select(order => {|#0:client.PutRecordAsync(Request(order))|}));
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "element processed by 'Enumerable.Select'"));
    }

    [Fact]
    public async Task AsyncSelectLambdaFeedingWaitAllIsReported()
    {
        var source = Sender("""
            void SendAll(IEnumerable<Order> orders)
            {
                var tasks = orders.Select(async order =>
                {
                    var response = await [|client.PutRecordAsync(Request(order))|];
                    return response.SequenceNumber;
                }).ToArray();
                Task.WaitAll(tasks);
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SelectManyIsReported()
    {
        var source = Sender("""
            Task SendAll(IEnumerable<List<Order>> batches) =>
                Task.WhenAll(batches.SelectMany(batch => batch.Select(order => {|#0:client.PutRecordAsync(Request(order))|})));
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "element processed by 'Enumerable.Select'"));

        var many = Sender("""
            Task SendAll(IEnumerable<Order> orders) =>
                Task.WhenAll(orders.SelectMany(order => new[] { {|#0:client.PutRecordAsync(Request(order))|} }));
            """);
        await Verify.VerifyAsync(many, Expected(0, "PutRecordAsync", "element processed by 'Enumerable.SelectMany'"));
    }

    [Fact]
    public async Task ParallelForEachIsReported()
    {
        var source = Sender("""
            void SendAll(List<Order> orders)
            {
                Parallel.ForEach(orders, order => {|#0:client.PutRecord(Request(order))|});
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecord", "element processed by 'Parallel.ForEach'"));
    }

    [Fact]
    public async Task ParallelForIsReported()
    {
        var source = Sender("""
            void SendAll(Order[] orders)
            {
                Parallel.For(0, orders.Length, i => { [|client.PutRecord(Request(orders[i]))|]; });
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ParallelForEachAsyncIsReported()
    {
        var source = Sender("""
            Task SendAll(List<Order> orders, CancellationToken cancellationToken) =>
                Parallel.ForEachAsync(orders, cancellationToken, async (order, token) =>
                {
                    await {|#0:client.PutRecordAsync(Request(order), token)|};
                });
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "element processed by 'Parallel.ForEachAsync'"));
    }

    [Fact]
    public async Task ListForEachIsReported()
    {
        var source = Sender("""
            void SendAll(List<Order> orders) => orders.ForEach(order => {|#0:client.PutRecord(Request(order))|});
            void SendArray(Order[] orders) => Array.ForEach(orders, order => {|#1:client.PutRecord(Request(order))|});
            """);
        await Verify.VerifyAsync(
            source,
            Expected(0, "PutRecord", "element processed by 'List.ForEach'"),
            Expected(1, "PutRecord", "element processed by 'Array.ForEach'"));
    }

    [Fact]
    public async Task TaskRunPerIterationIsReported()
    {
        var source = Sender("""
            Task SendAll(List<Order> orders)
            {
                var tasks = new List<Task>();
                foreach (var order in orders)
                {
                    tasks.Add(Task.Run(() => {|#0:client.PutRecordAsync(Request(order))|}));
                }

                return Task.WhenAll(tasks);
            }

            Task SendAllAgain(List<Order> orders) =>
                Task.WhenAll(orders.Select(order => Task.Run(async () => await {|#1:client.PutRecordAsync(Request(order))|})));
            """);
        await Verify.VerifyAsync(
            source,
            Expected(0, "PutRecordAsync", "iteration of the foreach loop"),
            Expected(1, "PutRecordAsync", "element processed by 'Enumerable.Select'"));
    }

    [Fact]
    public async Task SingleTaskRunOutsideALoopIsNotReported()
    {
        var source = Sender("""
            Task Send(Order order) => Task.Run(() => client.PutRecordAsync(Request(order)));
            Task<PutRecordResponse> SendOne(Order order) => client.PutRecordAsync(Request(order));
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task LambdaThatIsNotPerElementIsNotReported()
    {
        var source = Sender("""
            Task<PutRecordResponse> Send(Order order, Func<Func<Task<PutRecordResponse>>, Task<PutRecordResponse>> retry) =>
                retry(() => client.PutRecordAsync(Request(order)));

            Task<List<string>> Ids(IEnumerable<Order> orders) => Task.FromResult(orders.Select(o => o.Id).ToList());
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- PutRecords with one entry per iteration ----

    [Fact]
    public async Task PutRecordsWithOneEntryListPerIterationIsReported()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    await {|#0:client.PutRecordsAsync(new PutRecordsRequest
                    {
                        StreamName = "orders",
                        Records = new List<PutRecordsRequestEntry> { Entry(order) },
                    })|};
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordsAsync", "iteration of the foreach loop"));
    }

    [Fact]
    public async Task PutRecordsOneEntryShapesAreReported()
    {
        var source = Sender("""
            void CollectionInitializerOfTheRequest(List<Order> orders)
            {
                foreach (var order in orders)
                    [|client.PutRecords(new PutRecordsRequest { StreamName = "orders", Records = { Entry(order) } })|];
            }

            void CollectionExpression(List<Order> orders)
            {
                foreach (var order in orders)
                    [|client.PutRecords(new PutRecordsRequest { StreamName = "orders", Records = [Entry(order)] })|];
            }

            void ArrayToList(List<Order> orders)
            {
                foreach (var order in orders)
                    [|client.PutRecords(new PutRecordsRequest { StreamName = "orders", Records = new[] { Entry(order) }.ToList() })|];
            }

            void LocalListWithOneAdd(List<Order> orders)
            {
                foreach (var order in orders)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    entries.Add(Entry(order));
                    var request = new PutRecordsRequest { StreamName = "orders" };
                    request.Records = entries;
                    [|client.PutRecords(request)|];
                }
            }

            Task AddToTheRequestList(List<Order> orders) =>
                Task.WhenAll(orders.Select(order =>
                {
                    var request = new PutRecordsRequest { StreamName = "orders", Records = new List<PutRecordsRequestEntry>() };
                    request.Records.Add(Entry(order));
                    return [|client.PutRecordsAsync(request)|];
                }));
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task PutRecordsOverChunksIsNotReported()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var chunk in orders.Chunk(500))
                {
                    await client.PutRecordsAsync(new PutRecordsRequest
                    {
                        StreamName = "orders",
                        Records = chunk.Select(Entry).ToList(),
                    });
                }
            }

            async Task SendChunks(IEnumerable<Order[]> chunks)
            {
                foreach (var chunk in chunks)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    foreach (var order in chunk)
                    {
                        entries.Add(Entry(order));
                    }

                    await client.PutRecordsAsync(new PutRecordsRequest { StreamName = "orders", Records = entries });
                }
            }

            Task SendPairs(IEnumerable<(Order First, Order Second)> pairs) =>
                Task.WhenAll(pairs.Select(pair => client.PutRecordsAsync(new PutRecordsRequest
                {
                    StreamName = "orders",
                    Records = new List<PutRecordsRequestEntry> { Entry(pair.First), Entry(pair.Second) },
                })));

            async Task SendBatches(List<List<PutRecordsRequestEntry>> batches)
            {
                foreach (var batch in batches)
                    await client.PutRecordsAsync(new PutRecordsRequest { StreamName = "orders", Records = batch });
            }

            async Task SendSpread(List<Order[]> chunks)
            {
                foreach (var chunk in chunks)
                    await client.PutRecordsAsync(new PutRecordsRequest { StreamName = "orders", Records = [.. chunk.Select(Entry)] });
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task PutRecordsOutsideALoopIsNotReported()
    {
        var source = Sender("""
            Task Send(Order order) =>
                client.PutRecordsAsync(new PutRecordsRequest { StreamName = "orders", Records = new List<PutRecordsRequestEntry> { Entry(order) } });
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- Not reported: pacing, retries, strict order ----

    [Fact]
    public async Task LoopPacedByTaskDelayIsNotReported()
    {
        var source = Sender("""
            async Task Heartbeat(Func<Order> read, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await client.PutRecordAsync(Request(read()), cancellationToken);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }

            void Poll(Func<Order> read)
            {
                for (var i = 0; i < 60; i++)
                {
                    client.PutRecord(Request(read()));
                    Thread.Sleep(1000);
                }
            }

            async Task Tick(Func<Order> read, CancellationToken cancellationToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    await client.PutRecordAsync(Request(read()), cancellationToken);
                }
            }

            async Task DelayInTryBody(Func<Order> read, CancellationToken cancellationToken)
            {
                do
                {
                    try
                    {
                        await client.PutRecordAsync(Request(read()), cancellationToken);
                        await Task.Delay(1000, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                while (!cancellationToken.IsCancellationRequested);
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RetryLoopsAreNotReported()
    {
        var source = Sender("""
            async Task BreakAfterSuccess(PutRecordRequest request)
            {
                while (true)
                {
                    try
                    {
                        await client.PutRecordAsync(request);
                        break;
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        await Task.Delay(200);
                    }
                }
            }

            async Task<PutRecordResponse> ReturnTheResponse(PutRecordRequest request)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await client.PutRecordAsync(request);
                    }
                    catch (ProvisionedThroughputExceededException) when (attempt < 5)
                    {
                        await Task.Delay(100 * attempt);
                    }
                }
            }

            async Task<string> ReturnAfterTheCall(PutRecordRequest request)
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    try
                    {
                        var response = await client.PutRecordAsync(request);
                        Console.WriteLine(response.ShardId);
                        return response.SequenceNumber;
                    }
                    catch (AmazonKinesisException)
                    {
                    }
                }

                throw new InvalidOperationException("gave up");
            }

            async Task BreakAfterTheTry(PutRecordRequest request)
            {
                while (true)
                {
                    try
                    {
                        await client.PutRecordAsync(request);
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        continue;
                    }

                    break;
                }
            }

            async Task BreakOnSuccessStatus(PutRecordRequest request)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    var response = await client.PutRecordAsync(request);
                    if (response.HttpStatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
            }

            void FlagSetAfterSuccess(PutRecordRequest request)
            {
                var sent = false;
                while (!sent)
                {
                    try
                    {
                        client.PutRecord(request);
                        sent = true;
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        Thread.SpinWait(100);
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RetryLoopInsideAPerItemLoopIsReported()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    while (true)
                    {
                        try
                        {
                            await {|#0:client.PutRecordAsync(Request(order))|};
                            break;
                        }
                        catch (ProvisionedThroughputExceededException)
                        {
                            await Task.Delay(200);
                        }
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "PutRecordAsync", "iteration of the foreach loop"));
    }

    [Fact]
    public async Task ReturnInsideATaskRunLambdaDoesNotEndTheLoop()
    {
        var source = Sender("""
            void SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    _ = Task.Run(async () =>
                    {
                        await [|client.PutRecordAsync(Request(order))|];
                        return;
                    });
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ConditionalBreakNotOnTheResultIsReported()
    {
        var source = Sender("""
            async Task SendSome(IEnumerable<Order> orders, Func<bool> stop)
            {
                foreach (var order in orders)
                {
                    await [|client.PutRecordAsync(Request(order))|];
                    if (stop())
                    {
                        break;
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task BreakOutOfASwitchDoesNotLeaveTheLoop()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    switch (order.Body.Length)
                    {
                        case 0:
                            break;
                        default:
                            await [|client.PutRecordAsync(Request(order))|];
                            break;
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task StrictOrderChainIsNotReported()
    {
        var source = Sender("""
            async Task SendInOrder(IEnumerable<Order> orders)
            {
                string? previous = null;
                foreach (var order in orders)
                {
                    var response = await client.PutRecordAsync(new PutRecordRequest
                    {
                        StreamName = "orders",
                        PartitionKey = order.Id,
                        Data = new MemoryStream(order.Body),
                        SequenceNumberForOrdering = previous,
                    });
                    previous = response.SequenceNumber;
                }
            }

            void SendInOrderByAssignment(IEnumerable<Order> orders)
            {
                string? previous = null;
                foreach (var order in orders)
                {
                    var request = Request(order);
                    request.SequenceNumberForOrdering = previous;
                    previous = client.PutRecord(request).SequenceNumber;
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task SequenceNumberForOrderingSetToNullIsStillReported()
    {
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    await [|client.PutRecordAsync(new PutRecordRequest { StreamName = "orders", PartitionKey = order.Id, SequenceNumberForOrdering = null })|];
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- Which methods count ----

    [Fact]
    public async Task ConcreteClientAndSubclassesAreReported()
    {
        var source = Usings + """
            class TracingKinesisClient : AmazonKinesisClient
            {
                public override Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default) =>
                    base.PutRecordAsync(request, cancellationToken);

                // Not the interface member: a user's own overload.
                public Task<PutRecordResponse> PutRecordAsync(string streamName, byte[] data) => Task.FromResult(new PutRecordResponse());
            }

            class Sender
            {
                async Task SendAll(AmazonKinesisClient client, TracingKinesisClient tracing, List<byte[]> items)
                {
                    foreach (var item in items)
                    {
                        await [|client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k" + item.Length })|];
                        await [|tracing.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k" + item.Length })|];
                        await tracing.PutRecordAsync("s", item);
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task WrapperImplementingTheInterfaceIsReported()
    {
        const string wrapper = """
            class LoggingKinesis : IAmazonKinesis
            {
                private readonly IAmazonKinesis inner;
                public LoggingKinesis(IAmazonKinesis inner) => this.inner = inner;
                public Amazon.Runtime.IClientConfig Config => inner.Config;
                STATICS
                public Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default) => inner.PutRecordAsync(request, cancellationToken);
                public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default) => inner.PutRecordsAsync(request, cancellationToken);
                public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default) => inner.ListShardsAsync(request, cancellationToken);
                public Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken cancellationToken = default) => inner.DescribeStreamSummaryAsync(request, cancellationToken);
                public PutRecordResponse PutRecord(PutRecordRequest request) => inner.PutRecord(request);
                public PutRecordsResponse PutRecords(PutRecordsRequest request) => inner.PutRecords(request);
                public void Dispose() => inner.Dispose();
            }

            class Sender
            {
                void SendAll(LoggingKinesis client, List<byte[]> items)
                {
                    foreach (var item in items)
                    {
                        [|client.PutRecord(new PutRecordRequest { StreamName = "s", PartitionKey = item.Length.ToString() })|];
                    }
                }
            }
            """;
        const string v4Statics = """
            public static Amazon.Runtime.ClientConfig CreateDefaultClientConfig() => AmazonKinesisClient.CreateDefaultClientConfig();
                public static Amazon.Runtime.IAmazonService CreateDefaultServiceClient(Amazon.Runtime.AWSCredentials awsCredentials, Amazon.Runtime.ClientConfig clientConfig) => AmazonKinesisClient.CreateDefaultServiceClient(awsCredentials, clientConfig);
            """;
        await Verify.VerifyAsync(SdkShape.V3, Usings + wrapper.Replace("STATICS", string.Empty, StringComparison.Ordinal));
        await Verify.VerifyAsync(SdkShape.V4, Usings + wrapper.Replace("STATICS", v4Statics, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirehoseAndUserMethodsNamedPutRecordAreNotReported()
    {
        var source = Usings + """
            namespace Amazon.KinesisFirehose
            {
                public class Record { public MemoryStream? Data { get; set; } }
                public class PutRecordRequest { public string? DeliveryStreamName { get; set; } public Record? Record { get; set; } }
                public class PutRecordResponse { }
                public interface IAmazonKinesisFirehose
                {
                    Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default);
                    PutRecordResponse PutRecord(PutRecordRequest request);
                }
            }

            class MyQueue
            {
                public Task PutRecordAsync(PutRecordRequest request) => Task.CompletedTask;
                public void PutRecords(PutRecordsRequest request) { }
            }

            class Sender
            {
                async Task SendAll(Amazon.KinesisFirehose.IAmazonKinesisFirehose firehose, MyQueue queue, List<byte[]> items)
                {
                    foreach (var item in items)
                    {
                        await firehose.PutRecordAsync(new Amazon.KinesisFirehose.PutRecordRequest { DeliveryStreamName = "d" });
                        firehose.PutRecord(new Amazon.KinesisFirehose.PutRecordRequest { DeliveryStreamName = "d" });
                        await queue.PutRecordAsync(new PutRecordRequest { PartitionKey = item.Length.ToString() });
                        queue.PutRecords(new PutRecordsRequest { Records = { new PutRecordsRequestEntry() } });
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ProjectWithoutKinesisCostsNothingAndReportsNothing()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            namespace Amazon.Kinesis.Model { public class PutRecordRequest { public string? PartitionKey { get; set; } } }

            class Client
            {
                public Task PutRecordAsync(Amazon.Kinesis.Model.PutRecordRequest request) => Task.CompletedTask;
            }

            class Sender
            {
                async Task SendAll(Client client, List<string> keys)
                {
                    foreach (var key in keys)
                    {
                        await client.PutRecordAsync(new Amazon.Kinesis.Model.PutRecordRequest { PartitionKey = key });
                    }
                }
            }
            """;
        await Verify.VerifyWithoutKinesisAsync(source);
    }

    // ---- Code shapes ----

    [Fact]
    public async Task TopLevelStatementsAreAnalyzed()
    {
        var source = Usings + """
            IAmazonKinesis client = new AmazonKinesisClient();
            foreach (var line in new[] { "a", "b" })
            {
                await [|client.PutRecordAsync(new PutRecordRequest { StreamName = "lines", PartitionKey = line })|];
            }

            await client.PutRecordAsync(new PutRecordRequest { StreamName = "lines", PartitionKey = "done" });
            """;
        await Verify.VerifyAsync(source, test => test.TestState.OutputKind = OutputKind.ConsoleApplication);
    }

    [Fact]
    public async Task LocalFunctions()
    {
        var source = Sender("""
            async Task SendAll(List<Order> orders)
            {
                // The loop is inside the local function: reported.
                async Task Loop()
                {
                    foreach (var order in orders)
                        await [|client.PutRecordAsync(Request(order))|];
                }

                // The local function's call site in a loop is not followed.
                Task SendOne(Order order) => client.PutRecordAsync(Request(order));
                foreach (var order in orders)
                    await SendOne(order);

                await Loop();
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ExpressionBodiedMembersAndPartialClasses()
    {
        var source = Usings + """
            partial class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();
            }

            partial class Sender
            {
                Task SendAll(IEnumerable<string> keys) =>
                    Task.WhenAll(keys.Select(key => [|client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key })|]));

                Task<PutRecordResponse> SendOne(string key) => client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key });
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GeneratedCodeIsSkipped()
    {
        var source = "// <auto-generated/>\n" + Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                    await client.PutRecordAsync(Request(order));
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HalfTypedCodeNeverThrowsAndUnboundCallsAreNotReported()
    {
        string[] sources =
        {
            Sender("""
                async Task SendAll(IEnumerable<Order> orders)
                {
                    foreach (var order in orders)
                        await client.PutRecordAsync(
                }
                """),
            Sender("""
                async Task SendAll(IEnumerable<Order> orders)
                {
                    foreach (var order in orders)
                        await client.PutRecordAsync(new PutRecordRequest { PartitionKey = order., Data = });
                }
                """),
            Sender("""
                async Task SendAll(IEnumerable<Order> orders)
                {
                    foreach (var order in orders)
                        await client.PutRecordAsync(Undefined(order));
                    while (
                }
                """),
            Sender("""
                async Task SendAll(IEnumerable<Order> orders)
                {
                    foreach (var order in )
                        await missing.PutRecordAsync(Request(order));
                    // Valid in the middle of broken code: still reported.
                    await Task.WhenAll(orders.Select(o => [|client.PutRecordsAsync(new PutRecordsRequest { Records = { Entry(o), } })|]));
                    for (;;) client.PutRecords(new PutRecordsRequest { Records = [Entry(
                }
                """),
            Sender("""
                void SendAll(IEnumerable<Order> orders)
                {
                    orders.ToList().ForEach(o => client.
                }
                """),
        };

        foreach (var source in sources)
        {
            await VerifyIgnoringCompilerErrorsAsync(source);
        }
    }

    [Fact]
    public async Task HalfTypedCodeThatBindsIsReported()
    {
        // A missing semicolon does not stop the call from binding.
        var source = Sender("""
            async Task SendAll(IEnumerable<Order> orders)
            {
                foreach (var order in orders)
                {
                    await [|client.PutRecordAsync(Request(order))|]
                }
            }
            """);
        await VerifyIgnoringCompilerErrorsAsync(source);
    }
}
