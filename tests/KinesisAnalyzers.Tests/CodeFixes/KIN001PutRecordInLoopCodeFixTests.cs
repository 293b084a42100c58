using KinesisAnalyzers.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN001PutRecordInLoopAnalyzer, KinesisAnalyzers.CodeFixes.KIN001PutRecordInLoopCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN001PutRecordInLoopCodeFixTests
{
    private const string Loop = """
        foreach (var order in orders)
                {
                    await {|KIN001:client.PutRecordAsync(new PutRecordRequest
                    {
                        StreamName = Stream,
                        PartitionKey = order.Id,
                        Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
                    }, token)|};
                }
        """;

    private const string Batched = """
        await client.PutRecordsInBatchesWithRetryAsync(
                    Stream,
                    orders.Select(order => new PutRecordsRequestEntry
                    {
                        PartitionKey = order.Id,
                        Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
                    }), token);
        """;

    private const string WithProducer = """
        await using (var producer = client.CreateKinesisProducer(Stream, new KinesisProducerOptions { StrictOrdering = true }))
                {
                    foreach (var order in orders)
                    {
                        await producer.AddAsync(order.Id, new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())), cancellationToken: token);
                    }
                }
        """;

    private const string Producer = KIN001PutRecordInLoopCodeFixProvider.ProducerEquivalenceKey;

    public class Fixed
    {
        [Fact]
        public Task LoopBecomesBatchedSend() => Verify.VerifyAsync(InAsyncMethod(Loop), InAsyncMethod(Batched), fixAll: true);

        // dotnet format may apply KIN003's rename first; the loop still sends one request per record.
        [Fact]
        public Task LoopOfPutRecordWithRetryAsyncBecomesBatchedSend() => Verify.VerifyAsync(
            InAsyncMethod(Loop.Replace("client.PutRecordAsync(", "client.PutRecordWithRetryAsync(")),
            InAsyncMethod(Batched));

        [Fact]
        public Task CSharp73ProjectGetsTheBatchedSend() => Verify.VerifyAsync(InAsyncMethod(Loop), InAsyncMethod(Batched), LanguageVersion.CSharp7_3);

        [Fact]
        public Task LoopUsesAKinesisProducer() => Verify.VerifyAsync(
            InAsyncMethod(Loop),
            "using KinesisAnalyzers.Runtime;\n" + InAsyncMethod(WithProducer),
            fixAll: true,
            equivalenceKey: Producer);

        [Fact]
        public Task ProducerNameDoesNotHideAnotherProducer() => Verify.VerifyAsync(
            InAsyncMethod("var producer = 1;\n        " + Loop),
            "using KinesisAnalyzers.Runtime;\n" + InAsyncMethod("var producer = 1;\n        " + WithProducer.Replace("producer", "producer2").Replace("var producer2 = 1", "var producer = 1")),
            equivalenceKey: Producer);

        [Fact]
        public Task ExplicitHashKeyIsPassedToTheProducer() => Verify.VerifyAsync(
            InAsyncMethod("""
                foreach (var order in orders)
                {
                    await {|KIN001:client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = order.Id, ExplicitHashKey = "1", Data = new MemoryStream(new byte[] { 1 }) })|};
                }
                """),
            "using KinesisAnalyzers.Runtime;\n" + InAsyncMethod("""
                await using (var producer = client.CreateKinesisProducer(Stream, new KinesisProducerOptions { StrictOrdering = true }))
                        {
                            foreach (var order in orders)
                            {
                                await producer.AddAsync(order.Id, new MemoryStream(new byte[] { 1 }), explicitHashKey: "1");
                            }
                        }
                """),
            equivalenceKey: Producer);

        [Fact]
        public Task UsingSystemLinqIsAdded() => Verify.VerifyAsync(
            InAsyncMethod(Loop).Replace("using System.Linq;\n", string.Empty),
            InAsyncMethod(Batched));
    }

    public class PerElementLambdas
    {
        private const string Put = """client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = order.Id, Data = new MemoryStream(new byte[] { 1 }) }""";

        private const string BatchedCall = """
            client.PutRecordsInBatchesWithRetryAsync(
                        Stream,
                        orders.Select(order => new PutRecordsRequestEntry
                        {
                            PartitionKey = order.Id,
                            Data = new MemoryStream(new byte[] { 1 }),
                        })
            """;

        [Fact]
        public Task AwaitedWhenAllOfSelectBecomesBatchedSend() => Verify.VerifyAsync(
            InAsyncMethod("await Task.WhenAll(orders.Select(order => {|KIN001:" + Put + ")|}));"),
            InAsyncMethod("await " + BatchedCall + ");"),
            fixAll: true);

        [Fact]
        public Task AsyncLambdaInWhenAllBecomesBatchedSend() => Verify.VerifyAsync(
            InAsyncMethod("await Task.WhenAll(orders.Select(async order => await {|KIN001:" + Put + ", token)|}));"),
            InAsyncMethod("await " + BatchedCall + ", token);"));

        [Fact]
        public Task ReturnedWhenAllBecomesTheBatchedSendsTask() => Verify.VerifyAsync(
            InClass("    Task SendAllAsync(List<Order> orders) => Task.WhenAll(orders.Select(order => {|KIN001:" + Put + ")|}));"),
            InClass("    Task SendAllAsync(List<Order> orders) => " + BatchedCall.Replace("\n    ", "\n") + ");"));

        [Fact]
        public Task ParallelForEachAsyncBecomesBatchedSendWithItsToken() => Verify.VerifyAsync(
            InAsyncMethod("await Parallel.ForEachAsync(orders, token, async (order, ct) => await {|KIN001:" + Put + ", ct)|});"),
            InAsyncMethod("await " + BatchedCall + ", token);"));

        [Fact]
        public Task AwaitedWhenAllUsesAKinesisProducer() => Verify.VerifyAsync(
            InAsyncMethod("await Task.WhenAll(orders.Select(order => {|KIN001:" + Put + ")|}));"),
            "using KinesisAnalyzers.Runtime;\n" + InAsyncMethod("""
                await using (var producer = client.CreateKinesisProducer(Stream, new KinesisProducerOptions { StrictOrdering = true }))
                        {
                            foreach (var order in orders)
                            {
                                await producer.AddAsync(order.Id, new MemoryStream(new byte[] { 1 }));
                            }
                        }
                """),
            equivalenceKey: Producer);

        [Fact]
        public Task ResponsesOfWhenAllAreReadSoNoFix() => Verify.VerifyNoFixAsync(
            InAsyncMethod("var responses = await Task.WhenAll(orders.Select(order => {|KIN001:" + Put + ")|})); Console.WriteLine(responses[0].SequenceNumber);"));

        [Fact]
        public Task LambdaDoingMoreThanThePutHasNoFix() => Verify.VerifyNoFixAsync(
            InAsyncMethod("await Task.WhenAll(orders.Select(async order => { Console.WriteLine(order.Id); await {|KIN001:" + Put + ")|}; }));"));

        [Fact]
        public Task ParallelForEachAsyncWithOptionsHasNoFix() => Verify.VerifyNoFixAsync(
            InAsyncMethod("await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (order, ct) => await {|KIN001:" + Put + ", ct)|});"));
    }

    public class NotFixed
    {
        // C# 7.3 has no await using: only the batched send is offered there.
        [Fact]
        public Task CSharp73ProjectGetsNoProducer() => Verify.VerifyAsync(InAsyncMethod(Loop), InAsyncMethod(Loop), LanguageVersion.CSharp7_3, equivalenceKey: Producer);

        [Theory]
        [InlineData("StreamName = order.CustomerId, PartitionKey = order.Id")]
        [InlineData("StreamName = Stream, StreamARN = \"arn:aws:kinesis:eu-west-1:1:stream/orders\", PartitionKey = order.Id")]
        public Task RequestThatCannotBecomeAnEntry(string members) => Verify.VerifyNoFixAsync(InAsyncMethod($$"""
            foreach (var order in orders)
            {
                await {|KIN001:client.PutRecordAsync(new PutRecordRequest { {{members}}, Data = new MemoryStream(new byte[] { 1 }) })|};
            }
            """));

        [Fact]
        public Task SequenceNumberIsRead() => Verify.VerifyNoFixAsync(InAsyncMethod("""
            foreach (var order in orders)
            {
                var response = await {|KIN001:client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = order.Id, Data = new MemoryStream(new byte[] { 1 }) })|};
                Console.WriteLine(response.SequenceNumber);
            }
            """));

        [Fact]
        public Task CatchAroundTheLoopExpectsTheClientsException() => Verify.VerifyNoFixAsync(InAsyncMethod("""
            try
            {
                foreach (var order in orders)
                {
                    await {|KIN001:client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = order.Id, Data = new MemoryStream(new byte[] { 1 }) })|};
                }
            }
            catch (ProvisionedThroughputExceededException)
            {
            }
            """));
    }
}
