using KinesisAnalyzers.Runtime.Testing;
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
        Assert.All(delivered, d => Assert.False(d.IsMisplaced));
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
            Assert.Equal(record.IsAggregated, result.Aggregated);
            Assert.Equal(1, result.Attempts);
        }

        Assert.Contains(results, r => r.Aggregated);
    }
}

public sealed class DeliveryDetailTests
{
    [Fact]
    public async Task Without_aggregation_every_user_record_is_its_own_Kinesis_record()
    {
        var simulator = new ShardSimulator(2);
        await using (var producer = Fast.Producer(simulator, o => o.AggregationEnabled = false))
        {
            for (var i = 0; i < 200; i++)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i));
            }
        }

        Assert.Equal(200, simulator.KinesisRecords.Count);
        Assert.All(simulator.Delivered, d => Assert.False(d.IsAggregated));
    }

    [Fact]
    public async Task An_explicit_hash_key_picks_the_shard_even_inside_an_aggregated_record()
    {
        var simulator = new ShardSimulator(4);
        var last = simulator.Shards[3];
        await using var producer = Fast.Producer(simulator);
        var hashKey = last.StartingHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => producer.PutAsync("any-key-" + i, new byte[] { (byte)i }, hashKey)));

        Assert.All(results, r => Assert.Equal(last.ShardId, r.ShardId));
        Assert.All(simulator.Delivered, d => Assert.Equal(hashKey, d.ExplicitHashKey));
        Assert.All(simulator.Delivered, d => Assert.False(d.IsMisplaced));
    }

    [Fact]
    public async Task The_data_is_copied_so_the_caller_may_reuse_its_buffer()
    {
        var simulator = new ShardSimulator(1);
        await using (var producer = Fast.Producer(simulator, o => o.RecordMaxBufferedTime = TimeSpan.FromMinutes(1)))
        {
            var buffer = new byte[] { 1, 2, 3 };
            await producer.AddAsync("k", buffer);
            producer.TryAdd("k", buffer.AsMemory());
            buffer[0] = 9;
            using var stream = new MemoryStream();
            stream.Write(new byte[] { 7, 7 });
            await producer.AddAsync("k", stream); // the whole content, whatever the position
            stream.SetLength(0);
        }

        Assert.Equal(new[] { new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }, new byte[] { 7, 7 } }, simulator.Delivered.Select(d => d.Data));
    }

    [Fact]
    public async Task FlushAsync_sends_at_once_and_the_producer_stays_usable()
    {
        var simulator = new ShardSimulator(2);
        await using var producer = Fast.Producer(simulator, o => o.RecordMaxBufferedTime = TimeSpan.FromHours(1));
        for (var i = 0; i < 10; i++)
        {
            await producer.AddAsync("k" + i, Fast.Payload("k" + i, i));
        }

        // Once the loop has routed all ten to their shards it has had its chance to send them: it must not, they linger an hour.
        await Fast.Until(() => producer.GetBufferedRecordCountsByShard().Values.Sum() == 10);
        Assert.Empty(simulator.Delivered);
        await producer.FlushAsync();
        Assert.Equal(10, simulator.Delivered.Count);
        Assert.Equal(0, producer.BufferedRecordCount);

        await producer.AddAsync("again", Fast.Payload("again", 10));
        await producer.FlushAsync();
        Assert.Equal(11, simulator.Delivered.Count);
    }

    [Fact]
    public async Task Buffered_records_are_counted_per_predicted_shard()
    {
        var simulator = new ShardSimulator(2);
        simulator.Pause();
        await using var producer = Fast.Producer(simulator);
        var first = simulator.Shards[0];
        for (var i = 0; i < 30; i++)
        {
            await producer.AddAsync("k" + i, new byte[10]);
        }

        await Fast.Until(() => producer.GetBufferedRecordCountsByShard().Values.Sum() == 30);
        var counts = producer.GetBufferedRecordCountsByShard();
        var expectedFirst = Enumerable.Range(0, 30).Count(i => first.Contains(ShardSimulator.HashOf("k" + i, null)));
        Assert.Equal(expectedFirst, counts.GetValueOrDefault(first.ShardId));
        Assert.Equal(30, producer.BufferedRecordCount);
        Assert.Equal(30 * 10 + Enumerable.Range(0, 30).Sum(i => ("k" + i).Length), producer.BufferedBytes);

        simulator.Resume();
        await producer.FlushAsync();
        Assert.Empty(producer.GetBufferedRecordCountsByShard());
        Assert.Equal(0, producer.BufferedBytes);
    }
}
