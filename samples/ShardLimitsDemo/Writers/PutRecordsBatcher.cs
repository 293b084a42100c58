using KinesisAnalyzers.Runtime;

namespace ShardLimitsDemo.Writers;

/// <summary>
/// A careful hand-written loop (what KIN001 and KIN004 ask for): PutRecords of up to 500 records, then only the
/// failed entries re-sent with exponential backoff and full jitter until every one is written. One request at a
/// time, no aggregation: each user record is one Kinesis record, so a shard's 1,000 records/s cap it.
/// </summary>
public sealed class PutRecordsBatcher : IRecordWriter
{
    private const int BatchSize = 500;
    private const int MaxAttempts = 30;

    public string Name => "put_records_batcher";

    public string Description => "PutRecords of 500, failed entries retried";

    public async Task<long> RunAsync(IKinesisTransport transport, string streamName, RecordSource source, CancellationToken stopOffering)
    {
        var random = new Random(1);
        long gaveUp = 0;
        var batch = new List<TransportRecord>(BatchSize);
        while (!stopOffering.IsCancellationRequested)
        {
            batch.Clear();
            while (batch.Count < BatchSize)
            {
                var (key, data) = source.Next();
                batch.Add(new TransportRecord(key, null, data));
            }

            gaveUp += await SendAsync(transport, streamName, batch, random);
        }

        return gaveUp;
    }

    private static async Task<long> SendAsync(IKinesisTransport transport, string streamName, List<TransportRecord> batch, Random random)
    {
        IReadOnlyList<TransportRecord> pending = batch;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var result = await transport.PutRecordsAsync(streamName, pending, CancellationToken.None);
            var failed = new List<TransportRecord>();
            for (var i = 0; i < pending.Count; i++)
            {
                if (!result.Records[i].Succeeded)
                {
                    failed.Add(pending[i]);
                }
            }

            if (failed.Count == 0)
            {
                return 0;
            }

            pending = failed;
            var ceiling = Math.Min(2000, 50 << Math.Min(attempt, 10));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, ceiling)));
        }

        return pending.Count;
    }
}
