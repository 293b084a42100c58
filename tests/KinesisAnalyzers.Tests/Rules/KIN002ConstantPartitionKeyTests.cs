using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN002ConstantPartitionKeyAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN002ConstantPartitionKeyTests
{
    /// <summary>The shape of the bundled runtime's KinesisProducer methods that take a key (KinesisAnalyzers.Runtime).</summary>
    private const string Producer = """

        namespace KinesisAnalyzers.Runtime
        {
            public sealed class KinesisProducer
            {
                public System.Threading.Tasks.ValueTask AddAsync(string partitionKey, byte[] data, string? explicitHashKey = null, System.Threading.CancellationToken cancellationToken = default) => default;
                public System.Threading.Tasks.Task<string> PutAsync(string partitionKey, byte[] data, string? explicitHashKey = null, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(partitionKey);
                public bool TryAdd(string partitionKey, System.ReadOnlyMemory<byte> data, string? explicitHashKey = null) => true;
                public System.Threading.Tasks.ValueTask FlushAsync() => default;
                public System.Threading.Tasks.ValueTask AddRawAsync(string key, byte[] data) => default;
            }
        }
        """;

    /// <summary>A class with an <c>IAmazonKinesis client</c> field and the given members.</summary>
    private static string Sender(string members) => Usings + $$"""
        public record Order(string Id, string CustomerId, byte[] Body, List<Line> Lines);
        public record Line(string Sku, int Quantity);

        static class Keys
        {
            public const string Orders = "orders";
            public static readonly string Shared = "shared";
            public static string Default { get; } = "default";
            public static string Literal => "literal";
            public static string Fresh => Guid.NewGuid().ToString();
        }

        partial class Sender
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();
            private readonly string tenant = "tenant-1";
            private string current = "a";

            private static MemoryStream Data(byte[] body) => new MemoryStream(body);

        {{members}}
        }
        """;

    private static DiagnosticResult Expected(int location, string reason, string via = "") =>
        Verify.Diagnostic(KinesisRules.ConstantPartitionKey).WithLocation(location).WithArguments(via, reason);

    // ---- Constant keys, anywhere ----

    [Fact]
    public async Task LiteralKeyInPutRecordRequestIsReported()
    {
        var source = Sender("""
            Task Send(byte[] body) =>
                client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = {|#0:"orders"|}, Data = Data(body) });
            """);
        await Verify.VerifyAsync(source, Expected(0, "is the constant \"orders\""));
    }

    [Fact]
    public async Task EveryKindOfConstantIsReported()
    {
        var source = Sender("""
            const string Prefix = "eu";

            void Build(byte[] body)
            {
                const string local = "local";
                _ = new PutRecordRequest { PartitionKey = {|#0:Keys.Orders|} };
                _ = new PutRecordRequest { PartitionKey = {|#1:local|} };
                _ = new PutRecordRequest { PartitionKey = {|#2:nameof(Build)|} };
                _ = new PutRecordRequest { PartitionKey = {|#3:$"{Prefix}-orders"|} };
                _ = new PutRecordRequest { PartitionKey = {|#4:string.Empty|} };
                _ = new PutRecordRequest { PartitionKey = {|#5:Keys.Shared|} };
                _ = new PutRecordRequest { PartitionKey = {|#6:Keys.Default|} };
                _ = new PutRecordRequest { PartitionKey = {|#7:Keys.Literal|} };
                _ = new PutRecordRequest { PartitionKey = {|#8:Guid.Empty.ToString()|} };
                _ = new PutRecordRequest { PartitionKey = {|#9:Keys.Shared + "-" + Prefix|} };
                _ = new PutRecordRequest { PartitionKey = {|#10:$"{Keys.Shared}:{Guid.Empty}"|} };
                _ = new PutRecordRequest { PartitionKey = {|#11:42.ToString(System.Globalization.CultureInfo.InvariantCulture)|} };
            }
            """);
        await Verify.VerifyAsync(
            source,
            Expected(0, "is the constant \"orders\""),
            Expected(1, "is the constant \"local\""),
            Expected(2, "is the constant \"Build\""),
            Expected(3, "is the constant \"eu-orders\""),
            Expected(4, "is the empty string"),
            Expected(5, "'Keys.Shared' is a static readonly field"),
            Expected(6, "'Keys.Default' is a get-only static property"),
            Expected(7, "'Keys.Literal' is a get-only static property"),
            Expected(8, "'Guid.Empty.ToString()' is computed only from constants and static readonly values"),
            Expected(9, "'Keys.Shared + \"-\" + Prefix' is computed only from constants and static readonly values"),
            Expected(10, "'$\"{Keys.Shared}:{Guid.Empty}\"' is computed only from constants and static readonly values"),
            Expected(11, "'42.ToString(System.Globalization.CultureInfo.InvariantCul...' is computed only from constants and static readonly values"));
    }

    [Fact]
    public async Task AssignmentsAndEntriesAreReported()
    {
        var source = Sender("""
            void Build(byte[] body)
            {
                var request = new PutRecordRequest { StreamName = "s" };
                request.PartitionKey = [|"orders"|];

                var entry = new PutRecordsRequestEntry { PartitionKey = [|Keys.Orders|], Data = Data(body) };
                entry.PartitionKey = [|Keys.Shared|];

                _ = new PutRecordsRequest { Records = { new PutRecordsRequestEntry { PartitionKey = [|"nested"|] } } };
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ValuesThatCanChangeAreNotConstant()
    {
        var source = Sender("""
            static string Computed => $"{DateTime.UtcNow:yyyyMMdd}";
            static string WithSetter { get; set; } = "x";
            static readonly Random random = new Random();

            void Build(byte[] body, string key, Order order)
            {
                _ = new PutRecordRequest { PartitionKey = key };
                _ = new PutRecordRequest { PartitionKey = order.Id };
                _ = new PutRecordRequest { PartitionKey = Guid.NewGuid().ToString() };
                _ = new PutRecordRequest { PartitionKey = random.Next().ToString() };
                _ = new PutRecordRequest { PartitionKey = Random.Shared.Next(1000).ToString() };
                _ = new PutRecordRequest { PartitionKey = Keys.Fresh };
                _ = new PutRecordRequest { PartitionKey = Computed };
                _ = new PutRecordRequest { PartitionKey = WithSetter };
                _ = new PutRecordRequest { PartitionKey = Environment.MachineName };
                _ = new PutRecordRequest { PartitionKey = $"{Keys.Shared}-{key}" };
                _ = new PutRecordRequest { PartitionKey = tenant };
                _ = new PutRecordRequest { PartitionKey = null };
                _ = new PutRecordRequest { PartitionKey = key.Length > 3 ? "long" : "short" };
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task KeyPassedByTheCallerToASinglePutIsNotReported()
    {
        var source = Sender("""
            Task<PutRecordResponse> Send(string partitionKey, byte[] body) =>
                client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = partitionKey, Data = Data(body) });

            Task SendOrder(Order order) =>
                client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = order.CustomerId, Data = Data(order.Body) });
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- Explicit hash keys ----

    [Fact]
    public async Task VaryingExplicitHashKeyExemptsTheEntry()
    {
        var source = Sender("""
            void Build(byte[] body, string hashKey, IEnumerable<(string Hash, byte[] Body)> items, List<PutRecordsRequestEntry> entries)
            {
                _ = new PutRecordsRequestEntry { PartitionKey = "a", ExplicitHashKey = hashKey, Data = Data(body) };

                foreach (var element in entries)
                {
                    element.PartitionKey = "a";
                    element.ExplicitHashKey = element.Data.Length.ToString();
                }

                var request = new PutRecordRequest { PartitionKey = "a" };
                request.ExplicitHashKey = hashKey;

                var entry = new PutRecordsRequestEntry();
                entry.PartitionKey = Keys.Shared;
                entry.ExplicitHashKey = hashKey;

                foreach (var item in items)
                {
                    _ = new PutRecordsRequestEntry { PartitionKey = tenant, ExplicitHashKey = item.Hash, Data = Data(item.Body) };
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FixedExplicitHashKeyDoesNotExemptTheEntry()
    {
        var source = Sender("""
            void Build(byte[] body, string hashKey, List<byte[]> bodies)
            {
                _ = new PutRecordsRequestEntry { PartitionKey = [|"a"|], ExplicitHashKey = "0", Data = Data(body) };
                _ = new PutRecordsRequestEntry { PartitionKey = [|"b"|], ExplicitHashKey = null };

                foreach (var item in bodies)
                {
                    _ = new PutRecordsRequestEntry { PartitionKey = [|tenant|], ExplicitHashKey = hashKey, Data = Data(item) };
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- Loop-invariant keys ----

    [Fact]
    public async Task ParameterUsedAsKeyInALoopIsReported()
    {
        var source = Sender("""
            async Task SendAll(string customerId, IEnumerable<byte[]> events)
            {
                foreach (var body in events)
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = {|#0:customerId|}, Data = Data(body) });
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "'customerId' has the same value for every iteration of the foreach loop"));
    }

    [Fact]
    public async Task InvariantValuesInLoopsAreReported()
    {
        var source = Sender("""
            void Build(string region, Order order, List<byte[]> bodies)
            {
                var batch = new List<PutRecordsRequestEntry>();
                var prefix = region + "-";
                for (var i = 0; i < bodies.Count; i++)
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = {|#0:tenant|}, Data = Data(bodies[i]) });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = {|#1:prefix|}, Data = Data(bodies[i]) });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = {|#2:$"{region}/{tenant}"|}, Data = Data(bodies[i]) });
                }

                foreach (var line in order.Lines)
                {
                    var key = order.CustomerId;
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = {|#3:key|}, Data = Data(order.Body) });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = {|#4:order.Id.ToUpperInvariant()|}, Data = Data(order.Body) });
                }

                var n = 0;
                while (n++ < 10)
                {
                    var entry = new PutRecordsRequestEntry();
                    entry.PartitionKey = {|#5:region|};
                    batch.Add(entry);
                }
            }
            """);
        await Verify.VerifyAsync(
            source,
            Expected(0, "'tenant' has the same value for every iteration of the for loop"),
            Expected(1, "'prefix' has the same value for every iteration of the for loop"),
            Expected(2, "'$\"{region}/{tenant}\"' has the same value for every iteration of the for loop"),
            Expected(3, "'key' has the same value for every iteration of the foreach loop"),
            Expected(4, "'order.Id.ToUpperInvariant()' has the same value for every iteration of the foreach loop"),
            Expected(5, "'region' has the same value for every iteration of the while loop"));
    }

    [Fact]
    public async Task InvariantKeysInPerElementLambdasAreReported()
    {
        var source = Sender("""
            Task SendAll(string customerId, List<byte[]> bodies) =>
                client.PutRecordsAsync(new PutRecordsRequest
                {
                    StreamName = "s",
                    Records = bodies.Select(body => new PutRecordsRequestEntry { PartitionKey = {|#0:customerId|}, Data = Data(body) }).ToList(),
                });

            void SendEach(string customerId, List<byte[]> bodies) =>
                Parallel.ForEach(bodies, body => client.PutRecord(new PutRecordRequest { PartitionKey = {|#1:customerId|}, Data = Data(body) }));
            """);
        await Verify.VerifyAsync(
            source,
            Expected(0, "'customerId' has the same value for every element processed by 'Enumerable.Select'"),
            Expected(1, "'customerId' has the same value for every element processed by 'Parallel.ForEach'"));
    }

    [Fact]
    public async Task ValuesThatVaryPerIterationAreNotReported()
    {
        var source = Sender("""
            static readonly Random random = new Random();

            void Build(string region, List<Order> orders, Queue<Order> queue, string[] keys)
            {
                var batch = new List<PutRecordsRequestEntry>();
                var counter = 0;
                foreach (var order in orders)
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = order.Id });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = order.CustomerId.ToLowerInvariant() });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = $"{region}-{order.Id}" });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = Guid.NewGuid().ToString() });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = random.Next().ToString() });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = (counter++).ToString() });
                    var local = order.Lines[0].Sku;
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = local });
                }

                var sequence = 0;
                for (var i = 0; i < keys.Length; i++)
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = keys[i] });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = (i % 8).ToString() });
                    sequence += 1;
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = sequence.ToString() });
                }

                string last = "start";
                while (queue.TryDequeue(out var next))
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = next.Id });
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = last });
                    last = next.Id;
                }

                string? line;
                var reader = new StringReader("a\nb");
                while ((line = reader.ReadLine()) != null)
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = line });
                }

                var rotating = "k0";
                Action rotate = () => rotating = Guid.NewGuid().ToString();
                foreach (var order in orders)
                {
                    rotate();
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = rotating });
                }

                foreach (var order in orders)
                {
                    Advance();
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = current });
                }

                foreach (var (id, _) in orders.Select(o => (o.Id, o.Body)))
                {
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = id });
                }

                foreach (var order in orders)
                {
                    string assignedLater;
                    assignedLater = order.Id;
                    batch.Add(new PutRecordsRequestEntry { PartitionKey = assignedLater });
                    if (order.Lines.FirstOrDefault() is { } first)
                    {
                        batch.Add(new PutRecordsRequestEntry { PartitionKey = first.Sku });
                    }

                    if (order.Lines is [var only])
                    {
                        batch.Add(new PutRecordsRequestEntry { PartitionKey = only.Sku });
                    }

                    if (order is { Lines: [..] lines })
                    {
                        batch.Add(new PutRecordsRequestEntry { PartitionKey = lines[0].Sku });
                    }

                    if (order.CustomerId is string customer)
                    {
                        batch.Add(new PutRecordsRequestEntry { PartitionKey = customer });
                    }
                }

                _ = orders.Select((order, index) => new PutRecordsRequestEntry { PartitionKey = index.ToString() }).ToList();
                _ = orders.Select(order => new PutRecordsRequestEntry { PartitionKey = order.Id }).ToList();
            }

            void Advance() => current = Guid.NewGuid().ToString();
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task QuerySyntaxIsAPerElementLambda()
    {
        var source = Sender("""
            List<PutRecordsRequestEntry> Entries(string customerId, List<Order> orders) =>
                (from order in orders
                 let key = order.Id
                 select new PutRecordsRequestEntry { PartitionKey = key }).ToList();

            List<PutRecordsRequestEntry> Same(string customerId, List<Order> orders) =>
                (from order in orders
                 select new PutRecordsRequestEntry { PartitionKey = [|customerId|], Data = Data(order.Body) }).ToList();
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RetryAndPacedLoopsDoNotMakeAKeyInvariant()
    {
        var source = Sender("""
            async Task Retry(string key, byte[] body)
            {
                while (true)
                {
                    try
                    {
                        await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = Data(body) });
                        return;
                    }
                    catch (ProvisionedThroughputExceededException)
                    {
                        await Task.Delay(100);
                    }
                }
            }

            async Task Heartbeat(string deviceId, Func<byte[]> read, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = deviceId, Data = Data(read()) });
                    await Task.Delay(1000, cancellationToken);
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task RetryLoopInsideAPerItemLoopIsReported()
    {
        var source = Sender("""
            async Task SendAll(string key, List<byte[]> bodies)
            {
                foreach (var body in bodies)
                {
                    while (true)
                    {
                        try
                        {
                            await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = {|#0:key|}, Data = Data(body) });
                            break;
                        }
                        catch (ProvisionedThroughputExceededException)
                        {
                            await Task.Delay(100);
                        }
                    }
                }
            }
            """);
        await Verify.VerifyAsync(source, Expected(0, "'key' has the same value for every iteration of the foreach loop"));
    }

    [Fact]
    public async Task ConstantKeyIsReportedEvenInRetryAndPacedLoops()
    {
        var source = Sender("""
            async Task Heartbeat(Func<byte[]> read, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = [|"heartbeat"|], Data = Data(read()) });
                    await Task.Delay(1000, cancellationToken);
                }
            }
            """);
        await Verify.VerifyAsync(source);
    }

    // ---- The runtime producer ----

    [Fact]
    public async Task ProducerPartitionKeyParameterIsChecked()
    {
        var source = Sender("""
            async Task SendAll(KinesisAnalyzers.Runtime.KinesisProducer producer, string customerId, List<Order> orders, string hashKey)
            {
                await producer.AddAsync({|#0:"orders"|}, new byte[1]);
                await producer.PutAsync(data: new byte[1], partitionKey: {|#1:Keys.Shared|});
                foreach (var order in orders)
                {
                    await producer.AddAsync({|#2:customerId|}, order.Body);
                    producer.TryAdd({|#3:customerId|}, order.Body);
                    await producer.AddAsync(order.Id, order.Body);
                    await producer.AddAsync(customerId, order.Body, hashKey + order.Id);
                    await producer.PutAsync(customerId, order.Body, explicitHashKey: order.Id);
                    await producer.AddAsync({|#4:customerId|}, order.Body, explicitHashKey: null);
                    await producer.AddAsync({|#5:customerId|}, order.Body, hashKey);
                    await producer.AddRawAsync("raw", order.Body);
                }

                await producer.PutAsync(customerId, new byte[1]);
            }
            """) + Producer;
        await Verify.VerifyAsync(
            source,
            Expected(0, "is the constant \"orders\""),
            Expected(1, "'Keys.Shared' is a static readonly field"),
            Expected(2, "'customerId' has the same value for every iteration of the foreach loop"),
            Expected(3, "'customerId' has the same value for every iteration of the foreach loop"),
            Expected(4, "'customerId' has the same value for every iteration of the foreach loop"),
            Expected(5, "'customerId' has the same value for every iteration of the foreach loop"));
    }

    [Fact]
    public async Task AnotherProducerClassIsNotChecked()
    {
        var source = Sender("""
            async Task Send(MyCompany.KinesisProducer producer) => await producer.AddAsync("orders", new byte[1]);
            """) + """

            namespace MyCompany
            {
                public sealed class KinesisProducer
                {
                    public System.Threading.Tasks.ValueTask AddAsync(string partitionKey, byte[] data) => default;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    // ---- Which types count ----

    [Fact]
    public async Task OtherTypesWithAPartitionKeyAreNotReported()
    {
        var source = Sender("""
            void Build()
            {
                _ = new MyRecord { PartitionKey = "orders" };
                _ = new Amazon.KinesisFirehose.Model.PutRecordRequest { PartitionKey = "orders" };
                _ = new Amazon.Kinesis.Model.ListShardsRequest { StreamName = "orders" };
            }
            """) + """

            class MyRecord { public string? PartitionKey { get; set; } }

            namespace Amazon.KinesisFirehose.Model
            {
                public class PutRecordRequest { public string? PartitionKey { get; set; } }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ProjectWithoutKinesisReportsNothing()
    {
        const string source = """
            namespace Amazon.Kinesis.Model { public class PutRecordRequest { public string? PartitionKey { get; set; } } }

            class Sender
            {
                object Build() => new Amazon.Kinesis.Model.PutRecordRequest { PartitionKey = "orders" };
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
            var tenant = args.Length > 0 ? args[0] : "default";
            foreach (var line in args)
            {
                await client.PutRecordAsync(new PutRecordRequest { StreamName = "lines", PartitionKey = [|tenant|] });
                await client.PutRecordAsync(new PutRecordRequest { StreamName = "lines", PartitionKey = line });
            }

            await client.PutRecordAsync(new PutRecordRequest { StreamName = "lines", PartitionKey = [|"done"|] });
            """;
        foreach (var shape in SdkShape.All)
        {
            var test = Verify.CreateTest(shape, source);
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }
    }

    [Fact]
    public async Task LocalFunctionsAndExpressionBodiedMembers()
    {
        var source = Sender("""
            PutRecordRequest Fixed() => new PutRecordRequest { PartitionKey = [|Keys.Orders|] };

            List<PutRecordsRequestEntry> Entries(string customerId, List<byte[]> bodies)
            {
                return Build();

                List<PutRecordsRequestEntry> Build()
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    foreach (var body in bodies)
                        entries.Add(new PutRecordsRequestEntry { PartitionKey = [|customerId|], Data = Data(body) });
                    return entries;
                }
            }

            // A local function's parameter is the caller's key for a single put.
            void PerKey(List<string> keys)
            {
                foreach (var key in keys)
                    Put(key);

                void Put(string partitionKey) => client.PutRecord(new PutRecordRequest { PartitionKey = partitionKey });
            }
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FieldsDeclaredInAnotherPartOfAPartialClass()
    {
        var source = Sender("""
            void Send(List<byte[]> bodies)
            {
                foreach (var body in bodies)
                {
                    client.PutRecord(new PutRecordRequest { PartitionKey = [|region|] });
                    client.PutRecord(new PutRecordRequest { PartitionKey = [|Zone|] });
                }
            }
            """) + """

            partial class Sender
            {
                private readonly string region = "eu-west-1";
                private static readonly string Zone = "a";
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task GeneratedCodeIsSkipped()
    {
        var source = "// <auto-generated/>\n" + Sender("""
            PutRecordRequest Fixed() => new PutRecordRequest { PartitionKey = "orders" };
            """);
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task HalfTypedCodeNeverThrowsAndUnboundKeysAreNotReported()
    {
        string[] sources =
        {
            Sender("""
                PutRecordRequest Build() => new PutRecordRequest { PartitionKey = };
                """),
            Sender("""
                PutRecordRequest Build() => new PutRecordRequest { PartitionKey = Undefined };
                """),
            Sender("""
                void Build(List<Order> orders)
                {
                    foreach (var order in orders)
                        _ = new PutRecordsRequestEntry { PartitionKey = $"{order.}", ExplicitHashKey = };
                    foreach (var order in )
                        _ = new PutRecordsRequestEntry { PartitionKey = missing.Key };
                }
                """),
            Sender("""
                void Build(List<Order> orders)
                {
                    var request = new PutRecordRequest();
                    request.PartitionKey =
                }
                """),
            Sender("""
                void Build(Unknown producer, List<Order> orders)
                {
                    foreach (var order in orders)
                        producer.AddAsync("k", order.Body);
                }
                """) + Producer,
        };

        foreach (var source in sources)
        {
            await Verify.VerifyIgnoringCompilerErrorsAsync(source);
        }
    }

    [Fact]
    public async Task HalfTypedCodeThatBindsIsReported()
    {
        var source = Sender("""
            PutRecordRequest Build()
            {
                return new PutRecordRequest { PartitionKey = [|"orders"|], Data =
            }
            """);
        await Verify.VerifyIgnoringCompilerErrorsAsync(source);
    }
}
