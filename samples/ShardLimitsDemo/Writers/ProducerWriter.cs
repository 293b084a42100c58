using KinesisAnalyzers.Runtime;

namespace ShardLimitsDemo.Writers;

/// <summary>
/// <see cref="KinesisProducer"/> with its defaults (KPL aggregation, per-shard rate limiting, retries), except a
/// buffer of 8 MiB instead of 64 MiB so that the final flush takes seconds, not a minute, at 4 MiB/s.
/// </summary>
public sealed class ProducerWriter : IRecordWriter
{
    public string Name => "kinesis_producer";

    public string Description => "KinesisProducer (aggregation on)";

    public async Task<long> RunAsync(IKinesisTransport transport, string streamName, RecordSource source, CancellationToken stopOffering)
    {
        long failed = 0;
        var options = new KinesisProducerOptions
        {
            MaximumBufferedBytes = 8 * 1024 * 1024,
            OnRecordFailed = _ =>
            {
                Interlocked.Increment(ref failed);
                return Task.CompletedTask;
            },
        };
        await using (var producer = new KinesisProducer(transport, streamName, options))
        {
            while (!stopOffering.IsCancellationRequested)
            {
                var (key, data) = source.Next();
                await producer.AddAsync(key, data); // waits while the buffer is full
            }
        } // flushes everything still buffered

        return Interlocked.Read(ref failed);
    }
}
