using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN002ConstantPartitionKeyAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN002 through the project's own methods: a fixed key handed to a parameter that becomes the partition key.</summary>
public class KIN002KeyParameterTests
{
    private const string Publisher = Usings + """
        public sealed class EventPublisher
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            public Task Publish(string partitionKey, byte[] body) =>
                client.PutRecordAsync(new PutRecordRequest { StreamName = "events", PartitionKey = partitionKey, Data = new MemoryStream(body) });

            public Task PublishTo(string stream, string key, byte[] body) => Publish(key, body);
        }
        """;

    private static DiagnosticResult Expected(int location, string method, string reason) =>
        Verify.Diagnostic(KinesisRules.ConstantPartitionKey).WithLocation(location).WithArguments($" passed to '{method}'", reason);

    [Fact]
    public async Task ConstantPassedToAKeyParameterInAnotherFileIsReported()
    {
        var caller = Usings + """
            class Audit
            {
                Task Record(EventPublisher publisher, byte[] body) => publisher.Publish({|#0:"audit"|}, body);
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "Publish", "is the constant \"audit\""));
    }

    [Fact]
    public async Task ConstantPassedTwoLevelsUpIsReported()
    {
        var caller = Usings + """
            class Audit
            {
                Task Record(EventPublisher publisher, byte[] body) => publisher.PublishTo("events", {|#0:"audit"|}, body);
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "PublishTo", "is the constant \"audit\""));
    }

    [Fact]
    public async Task KeyFixedAcrossALoopIsReported()
    {
        var caller = Usings + """
            record Order(string Id, string CustomerId, byte[] Body);

            class Audit
            {
                async Task Record(EventPublisher publisher, Order order, int copies)
                {
                    for (var i = 0; i < copies; i++)
                    {
                        await publisher.Publish({|#0:order.CustomerId|}, order.Body);
                    }
                }
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher }, Expected(0, "Publish", "'order.CustomerId' has the same value for every iteration of the for loop"));
    }

    [Fact]
    public async Task VaryingKeysAndNonKeyParametersAreNotReported()
    {
        var caller = Usings + """
            record Order(string Id, byte[] Body);

            class Audit
            {
                async Task Record(EventPublisher publisher, IEnumerable<Order> orders)
                {
                    foreach (var order in orders)
                    {
                        await publisher.PublishTo("events", order.Id, order.Body);
                    }

                    await publisher.Publish(Guid.NewGuid().ToString(), new byte[1]);
                }
            }
            """;
        await Verify.VerifyFilesAsync(new[] { caller, Publisher });
    }
}
