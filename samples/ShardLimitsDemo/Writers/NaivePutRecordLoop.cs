using KinesisAnalyzers.Runtime;

namespace ShardLimitsDemo.Writers;

/// <summary>
/// What most first versions look like (KIN001): one PutRecord per record, awaited. A throttled PutRecord is retried
/// the way the AWS SDK's standard retry mode does (3 attempts in all, backoff with jitter); when they run out the
/// ProvisionedThroughputExceededException escapes, the loop logs it and goes on, and the record is lost.
/// </summary>
public sealed class NaivePutRecordLoop : IRecordWriter
{
    private const int SdkAttempts = 3;

    public string Name => "naive_put_record";

    public string Description => "PutRecord per record, SDK retries only";

    public async Task<long> RunAsync(IKinesisTransport transport, string streamName, RecordSource source, CancellationToken stopOffering)
    {
        var random = new Random(1);
        long gaveUp = 0;
        while (!stopOffering.IsCancellationRequested)
        {
            var (key, data) = source.Next();
            if (!await PutRecordAsync(transport, streamName, new TransportRecord(key, null, data), random))
            {
                gaveUp++; // catch (ProvisionedThroughputExceededException e) { log.Warn(e); }
            }
        }

        return gaveUp;
    }

    // PutRecord through the transport port: a PutRecords request of one entry.
    private static async Task<bool> PutRecordAsync(IKinesisTransport transport, string streamName, TransportRecord record, Random random)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await transport.PutRecordsAsync(streamName, new[] { record }, CancellationToken.None);
            if (result.Records[0].Succeeded)
            {
                return true;
            }

            if (attempt == SdkAttempts)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 50 << attempt)));
        }
    }
}
