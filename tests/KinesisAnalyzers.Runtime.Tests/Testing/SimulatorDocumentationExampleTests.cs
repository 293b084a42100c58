using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>The examples of docs/shard-simulator.md, kept compiling and passing here.</summary>
public sealed class SimulatorDocumentationExampleTests
{
    [Fact]
    public async Task Every_order_arrives_despite_faults()
    {
        var simulator = new ShardSimulator(shardCount: 4)
        {
            RandomFaults = new RandomFaults(seed: 42) { InternalFailureRate = 0.02, TimeoutAfterWriteRate = 0.05 },
        };

        await using (var producer = new KinesisProducer(simulator, simulator.StreamName, new KinesisProducerOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(5) }))
        {
            for (var i = 0; i < 2000; i++)
            {
                await producer.AddAsync("order-" + i, System.Text.Encoding.UTF8.GetBytes("payload " + i));
            }
        } // DisposeAsync flushes, and throws if any record failed

        var delivered = simulator.Delivered;
        Assert.Equal(2000, delivered.Select(d => d.PartitionKey).Distinct().Count()); // none lost (timeouts may duplicate)
        Assert.DoesNotContain(delivered, d => d.IsMisplaced);                       // no aggregate on a wrong shard
        Assert.Equal(0, simulator.InvalidRequests);                                   // no request over a limit
    }

    [Fact]
    public async Task A_batch_over_the_shard_limit_is_partly_throttled()
    {
        var clock = new ManualClock();
        var simulator = new ShardSimulator(shardCount: 1, clock: () => clock.Now);
        var batch = Enumerable.Range(0, 500).Select(i => new TransportRecord("k" + i, null, new byte[4096])).ToList();

        var first = await simulator.PutRecordsAsync(simulator.StreamName, batch, CancellationToken.None);
        Assert.Equal(255, first.Records.Count(r => r.Succeeded)); // 1 MiB of ~4 KiB entries (data + key)...
        Assert.Equal(KinesisErrors.ProvisionedThroughputExceeded, first.Records[^1].ErrorCode); // ...the rest throttled

        clock.Advance(TimeSpan.FromSeconds(1)); // a second later the shard takes 1 MiB again
        var retry = first.Records.Select((r, i) => (r, i)).Where(x => !x.r.Succeeded).Select(x => batch[x.i]).ToList();
        var second = await simulator.PutRecordsAsync(simulator.StreamName, retry, CancellationToken.None);
        Assert.Equal(245, second.Records.Count(r => r.Succeeded));
        Assert.Equal(500, simulator.Delivered.Count);
    }
}
