using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Rate measurements run alone: other tests' CPU load delays requests and skews the timing they check.</summary>
[CollectionDefinition(nameof(RateLimitTests), DisableParallelization = true)]
public sealed class RateLimitCollection
{
}

/// <summary>
/// Per-shard limits against the simulator's exact 1 MiB/s and 1,000 records/s per shard. A producer that
/// ignored throttling at 300% would see two throttled entries for each written one; this one slows down.
/// </summary>
[Collection(nameof(RateLimitTests))]
public sealed class RateLimitTests
{
    [Fact]
    public async Task At_100_percent_the_shards_are_barely_throttled()
    {
        var simulator = new ShardSimulator(2);
        const int Count = 4000;
        await using (var producer = Fast.Producer(simulator, o =>
        {
            o.AggregationEnabled = false;
            o.RateLimitPercent = 100;
        }))
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i));
            }
        }

        AssertDeliveredOnce(simulator, Count);

        // Not zero: a request delayed on its way lets the shard's bucket refill less than the producer's did.
        Assert.True(simulator.ThrottledEntries <= Count / 20, $"{simulator.ThrottledEntries} throttled entries");
    }

    [Fact]
    public async Task Above_the_limit_the_producer_slows_down_when_throttled()
    {
        var simulator = new ShardSimulator(1);
        using var metrics = new MetricRecorder(simulator.StreamName);
        const int Count = 3000;
        await using (var producer = Fast.Producer(simulator, o =>
        {
            o.AggregationEnabled = false;
            o.RateLimitPercent = 300;
        }))
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i));
            }
        }

        AssertDeliveredOnce(simulator, Count);
        var shard = simulator.Shards[0];
        Assert.True(metrics.Sum("kinesis.producer.rate_limit.cuts") >= 1);
        Assert.True(shard.ThrottledEntries > 0, "300% of the limit must meet throttling");
        Assert.True(shard.ThrottledEntries < shard.AcceptedEntries / 2, $"{shard.ThrottledEntries} throttled for {shard.AcceptedEntries} written");
        Assert.Equal(shard.ThrottledEntries, metrics.Sum("kinesis.producer.records.throttled"));
        Assert.Equal(shard.ThrottledEntries, metrics.Sum("kinesis.producer.records.retried"));
    }

    [Fact]
    public async Task Aggregated_records_are_paced_by_bytes()
    {
        var simulator = new ShardSimulator(1);
        const int Count = 2500;
        await using (var producer = Fast.Producer(simulator, o => o.RateLimitPercent = 200))
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i, padTo: 1000));
            }
        }

        AssertDeliveredOnce(simulator, Count);
        var shard = simulator.Shards[0];
        Assert.True(shard.AcceptedEntries < Count / 10, "records were aggregated");
        Assert.True(shard.ThrottledEntries <= shard.AcceptedEntries / 2, $"{shard.ThrottledEntries} throttled for {shard.AcceptedEntries} written");
    }

    private static void AssertDeliveredOnce(ShardSimulator simulator, int count)
    {
        Assert.Equal(Enumerable.Range(0, count), simulator.Delivered.Select(Fast.IndexOf).Order());
        Assert.Equal(0, simulator.InvalidRequests);
    }
}
