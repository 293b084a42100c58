using KinesisAnalyzers.Runtime.Tests.Simulation;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>End to end against the simulator: every record arrives once, aggregated only with records of its shard.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Every_added_record_is_delivered_exactly_once_across_shards()
    {
        var simulator = new ShardSimulator(4, "delivery-" + Guid.NewGuid().ToString("N"));
        const int Count = 3000;
        await using (var producer = Fast.Producer(simulator))
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.AddAsync("key-" + (i % 97), Fast.Payload("key-" + (i % 97), i));
            }
        }

        var delivered = simulator.Delivered;
        Assert.Equal(Count, delivered.Count);
        Assert.Equal(Enumerable.Range(0, Count), delivered.Select(Fast.IndexOf).Order());
        Assert.All(delivered, d => Assert.False(d.Misplaced));
        Assert.True(simulator.KinesisRecords.Count < Count / 5, "records of one shard share aggregated records");
        Assert.Equal(0, simulator.InvalidRequests);
    }

    [Fact]
    public async Task PutAsync_returns_where_the_record_was_written()
    {
        var simulator = new ShardSimulator(2, "put-" + Guid.NewGuid().ToString("N"));
        await using var producer = Fast.Producer(simulator);

        var tasks = Enumerable.Range(0, 50).Select(i => producer.PutAsync("k" + i, Fast.Payload("k" + i, i))).ToList();
        var results = await Task.WhenAll(tasks);

        var delivered = simulator.Delivered;
        for (var i = 0; i < results.Length; i++)
        {
            var result = results[i];
            var record = Assert.Single(delivered, d => Fast.IndexOf(d) == i);
            Assert.Equal(record.SequenceNumber, result.SequenceNumber);
            Assert.Equal(record.ShardId, result.ShardId);
            Assert.Equal(record.SubSequenceNumber, result.SubSequenceNumber);
            Assert.Equal(record.Aggregated, result.Aggregated);
            Assert.Equal(1, result.Attempts);
        }

        Assert.Contains(results, r => r.Aggregated);
    }
}
