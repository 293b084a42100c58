namespace KinesisAnalyzers.Tests.Robustness;

/// <summary>
/// Realistic Kinesis producer code for the robustness tests: each source compiles without errors
/// on both SDK shapes and, taken together, they trigger every rule and most of its "not reported"
/// cases, so that the mutations of them walk the analyzers' reporting and bail-out paths.
/// </summary>
internal static partial class RobustnessCorpus
{
    /// <summary>One corpus source; <see cref="IsProgram"/> when it holds top-level statements.</summary>
    public sealed record Source(string Name, string Text, bool IsProgram = false)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Source> All { get; } = new[]
    {
        new Source("OrderPublisher", OrderPublisher),
        new Source("BatchSender", BatchSender),
        new Source("FileUploader", FileUploader),
        new Source("ClickstreamProgram", ClickstreamProgram, IsProgram: true),
        new Source("StockEventForwarder", StockEventForwarder),
        new Source("LegacyPublisher", LegacyPublisher),
        new Source("MetricPump", MetricPump),
        new Source("AuditTrail", AuditTrail),
    };

    public static Source Get(string name) => All.Single(s => s.Name == name);

    /// <summary>
    /// The public surface of the runtime's KinesisProducer (src/KinesisAnalyzers.Runtime/Producer) that the
    /// rules look at, as source: the runtime assembly itself needs references the test compilation lacks.
    /// </summary>
    public const string ProducerShape = """
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace KinesisAnalyzers.Runtime
        {
            public sealed class KinesisPutResult
            {
                public KinesisPutResult(string sequenceNumber, string shardId, int attempts) { SequenceNumber = sequenceNumber; ShardId = shardId; Attempts = attempts; }
                public string SequenceNumber { get; }
                public string ShardId { get; }
                public int Attempts { get; }
            }

            public sealed class KinesisProducer : IAsyncDisposable
            {
                public ValueTask AddAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => default;
                public ValueTask AddAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => default;
                public ValueTask AddAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => default;
                public bool TryAdd(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null) => true;
                public Task<KinesisPutResult> PutAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
                public Task<KinesisPutResult> PutAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
                public Task<KinesisPutResult> PutAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
                public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public ValueTask DisposeAsync() => default;
            }
        }
        """;
}
