using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN001PutRecordInLoopAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN001 through the project's own methods: a call in a loop of a method that sends one record per call.</summary>
public class KIN001WrapperCallInLoopTests
{
    /// <summary>A publisher in its own file whose SendAsync sends one record per call.</summary>
    private const string Publisher = Usings + """
        public record Order(string Id, byte[] Body);

        public interface IOrderSink
        {
            Task Publish(Order order);
        }

        public sealed class OrderPublisher : IOrderSink
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            public async Task SendAsync(Order order)
            {
                var request = new PutRecordRequest { StreamName = "orders", PartitionKey = order.Id, Data = new MemoryStream(order.Body) };
                await client.PutRecordAsync(request);
            }

            public Task Publish(Order order) => SendAsync(order);

            public Task SendGeneric<T>(T item, Func<T, Order> map) => SendAsync(map(item));

            public async Task SendBatch(IReadOnlyList<Order> orders)
            {
                var request = new PutRecordsRequest
                {
                    StreamName = "orders",
                    Records = orders.Take(500).Select(o => new PutRecordsRequestEntry { PartitionKey = o.Id, Data = new MemoryStream(o.Body) }).ToList(),
                };
                var response = await client.PutRecordsAsync(request);
                if (response.FailedRecordCount > 0) throw new InvalidOperationException();
            }
        }
        """;

    private static DiagnosticResult Expected(int location, string method, string iteration) =>
        Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(location)
            .WithArguments(method, iteration, " (it calls 'PutRecordAsync' in 'OrderPublisher.SendAsync')");

    [Fact]
    public async Task WrapperInAnotherFileCalledInForeachIsReportedAtTheCall()
    {
        var caller = Usings + """
            class Importer
            {
                async Task Run(OrderPublisher publisher, IEnumerable<Order> orders)
                {
                    foreach (var order in orders)
                    {
                        await {|#0:publisher.SendAsync(order)|};
                    }
                }
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "SendAsync", "iteration of the foreach loop"));
    }

    [Fact]
    public async Task CallThroughAnInterfaceTheProjectImplementsIsReported()
    {
        var caller = Usings + """
            class Importer
            {
                Task Run(IOrderSink sink, List<Order> orders) =>
                    Task.WhenAll(orders.Select(order => {|#0:sink.Publish(order)|}));
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "Publish", "element processed by 'Enumerable.Select'"));
    }

    [Fact]
    public async Task GenericHelperTwoLevelsUpIsReported()
    {
        var caller = Usings + """
            record Click(string Id);

            class Importer
            {
                async Task Run(OrderPublisher publisher, Click[] clicks)
                {
                    for (var i = 0; i < clicks.Length; i++)
                    {
                        await {|#0:publisher.SendGeneric(clicks[i], c => new Order(c.Id, new byte[1]))|};
                    }
                }
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "SendGeneric", "iteration of the for loop"));
    }

    [Fact]
    public async Task PartialClassWithTheWrapperInTheOtherPartIsReported()
    {
        var first = Usings + """
            partial class Pump
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                private Task<PutRecordResponse> Send(string key, byte[] body) =>
                    client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream(body) });
            }
            """;
        var second = Usings + """
            partial class Pump
            {
                async Task Drain(Queue<(string Key, byte[] Body)> queue)
                {
                    while (queue.Count > 0)
                    {
                        var (key, body) = queue.Dequeue();
                        await {|#0:Send(key, body)|};
                    }
                }
            }
            """;
        await Verify.VerifyFilesAsync(
            new[] { second, first },
            Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(0)
                .WithArguments("Send", "iteration of the while loop", " (it calls 'PutRecordAsync' in 'Pump.Send')"));
    }

    [Fact]
    public async Task RecursiveAndMutuallyRecursiveWrappersEndAndAreReported()
    {
        var source = Usings + """
            class Relay
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                // Ping and Pong call each other: the summary must not loop.
                public async Task Ping(string key, int hops)
                {
                    if (hops > 0) { await Pong(key, hops - 1); return; }
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() });
                }

                public Task Pong(string key, int hops) => Ping(key, hops);

                public Task Self(string key) => Self(key);

                async Task Run(string[] keys)
                {
                    foreach (var key in keys)
                    {
                        await {|#0:Pong(key, 3)|};
                        await Self(key);
                    }
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(0)
                .WithArguments("Pong", "iteration of the foreach loop", " (it calls 'PutRecordAsync' in 'Relay.Ping')"));
    }

    [Fact]
    public async Task WrappersCalledOnceBatchingWrappersAndRetryLoopsAreNotReported()
    {
        var caller = Usings + """
            class Importer
            {
                async Task Run(OrderPublisher publisher, List<Order> orders, Order single)
                {
                    await publisher.SendAsync(single);
                    foreach (var chunk in orders.Chunk(500))
                    {
                        await publisher.SendBatch(chunk);
                    }

                    for (var attempt = 0; attempt < 3; attempt++)
                    {
                        try
                        {
                            await publisher.SendAsync(single);
                            break;
                        }
                        catch (ProvisionedThroughputExceededException)
                        {
                            await Task.Delay(100 << attempt);
                        }
                    }
                }
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher });
    }

    [Fact]
    public async Task AWrapperThatLoopsItselfIsNotASingleRecordSender()
    {
        var source = Usings + """
            class Importer
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendAll(IEnumerable<string> keys)
                {
                    foreach (var key in keys)
                    {
                        await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() })|};
                    }
                }

                async Task Run(List<string[]> groups)
                {
                    foreach (var group in groups)
                    {
                        await SendAll(group);
                    }
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(0).WithArguments("PutRecordAsync", "iteration of the foreach loop", ""));
    }

    [Fact]
    public async Task ChainsDeeperThanTheBoundAreNotFollowed()
    {
        // Level0 does the put; Level1..Level7 each call the one below. ProjectMethods.MaxDepth (6) levels are followed.
        var levels = string.Join("\n", Enumerable.Range(1, 7).Select(i => $"    public Task Level{i}(string key) => Level{i - 1}(key);"));
        var source = Usings + $$"""
            class Deep
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                public Task Level0(string key) => client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() });
            {{levels}}

                async Task Run(string[] keys)
                {
                    foreach (var key in keys)
                    {
                        await {|#0:Level6(key)|};
                        await Level7(key);
                    }
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(KinesisRules.PutRecordInLoop).WithLocation(0)
                .WithArguments("Level6", "iteration of the foreach loop", " (it calls 'PutRecordAsync' in 'Deep.Level0')"));
    }
}
