using KinesisAnalyzers.Runtime;

namespace ShardLimitsDemo.Writers;

/// <summary>One way of writing records to Kinesis, run against the shard simulator.</summary>
public interface IRecordWriter
{
    /// <summary>A short name, e.g. naive_put_record.</summary>
    string Name { get; }

    /// <summary>What the writer does, in a sentence.</summary>
    string Description { get; }

    /// <summary>
    /// Sends records from <paramref name="source"/> until <paramref name="stopOffering"/> is cancelled, then finishes
    /// what it already took (every record it took is sent or given up on). Returns how many records it gave up on.
    /// </summary>
    Task<long> RunAsync(IKinesisTransport transport, string streamName, RecordSource source, CancellationToken stopOffering);
}
