using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Splits and merges: the producer notices records landing on unexpected shards and reloads its map, without storms.</summary>
public sealed class ReshardTests
{
    private const int Keys = 30;

    private static async Task AddRoundsAsync(KinesisProducer producer, int fromRound, int toRound)
    {
        for (var round = fromRound; round < toRound; round++)
        {
            for (var k = 0; k < Keys; k++)
            {
                await producer.AddAsync("key-" + k, Fast.Payload("key-" + k, round));
            }

            await Task.Delay(1);
        }
    }

    private static void AssertEveryKeyInOrder(ShardSimulator simulator, int rounds)
    {
        foreach (var key in Enumerable.Range(0, Keys).Select(k => "key-" + k))
        {
            Assert.Equal(Enumerable.Range(0, rounds), simulator.Delivered.Where(d => d.PartitionKey == key).Select(Fast.IndexOf));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_split_records_keep_flowing_and_are_predicted_for_the_children(bool strict)
    {
        var simulator = new ShardSimulator(2);
        var parent = simulator.Shards[0].ShardId;
        int afterRefresh;
        await using (var producer = Fast.Producer(simulator, o =>
        {
            o.StrictOrdering = strict;
            o.ShardMapRefreshInterval = TimeSpan.FromMilliseconds(100);
        }))
        {
            await AddRoundsAsync(producer, 0, 10);
            await producer.FlushAsync();
            var (low, high) = simulator.SplitShard(parent);

            // Entries still predicted for the parent land on a child: that starts a refresh.
            await AddRoundsAsync(producer, 10, 20);
            await producer.FlushAsync();
            await Fast.Until(() => producer.CurrentShardIds.Contains(low) && producer.CurrentShardIds.Contains(high));
            Assert.DoesNotContain(parent, producer.CurrentShardIds);

            afterRefresh = simulator.Delivered.Count;
            await AddRoundsAsync(producer, 20, 30);
        }

        AssertEveryKeyInOrder(simulator, 30);
        var later = simulator.Delivered.Skip(afterRefresh).ToList();
        Assert.All(later, d => Assert.False(d.IsMisplaced));
        Assert.All(later, d => Assert.NotEqual(parent, d.ShardId));
        Assert.InRange(simulator.ListShardsCalls, 2, 4);
    }

    [Fact]
    public async Task After_a_merge_records_are_predicted_for_the_merged_shard()
    {
        var simulator = new ShardSimulator(3);
        var (a, b) = (simulator.Shards[0].ShardId, simulator.Shards[1].ShardId);
        int afterRefresh;
        string merged;
        await using (var producer = Fast.Producer(simulator, o => o.StrictOrdering = true))
        {
            await AddRoundsAsync(producer, 0, 10);
            await producer.FlushAsync();
            merged = simulator.MergeShards(a, b);
            await AddRoundsAsync(producer, 10, 20);
            await producer.FlushAsync();
            await Fast.Until(() => producer.CurrentShardIds.Contains(merged));
            afterRefresh = simulator.Delivered.Count;
            await AddRoundsAsync(producer, 20, 30);
        }

        AssertEveryKeyInOrder(simulator, 30);
        Assert.All(simulator.Delivered.Skip(afterRefresh), d => Assert.False(d.IsMisplaced));
        Assert.Contains(simulator.Delivered, d => d.ShardId == merged);
    }

    [Fact]
    public async Task Records_queued_for_a_closed_shard_are_routed_again_and_delivered()
    {
        var simulator = new ShardSimulator(1);
        var parent = simulator.Shards[0].ShardId;
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.AggregationEnabled = false;
            o.RateLimitPercent = 1; // 10 records per second: most records wait in the parent's queue
            o.ShardMapRefreshInterval = TimeSpan.FromMilliseconds(10);
        });
        Assert.Equal(parent, (await producer.PutAsync("warm-up", new byte[] { 0 })).ShardId);

        var (low, high) = simulator.SplitShard(parent);
        var puts = Enumerable.Range(1, 40).Select(i => producer.PutAsync("key-" + i, new byte[] { (byte)i })).ToList();
        await Fast.Until(() => producer.CurrentShardIds.Contains(low) && producer.CurrentShardIds.Contains(high));
        Assert.Contains(puts, p => !p.IsCompleted);

        // A closed shard's lane sends nothing more: whatever it held went to the children's lanes.
        var results = await Task.WhenAll(puts);
        Assert.All(results, r => Assert.Contains(r.ShardId, new[] { low, high }));
        Assert.Equal(41, simulator.Delivered.Count);
        Assert.Equal(41, simulator.Delivered.Select(d => d.Data[0]).Distinct().Count());
    }

    [Fact]
    public async Task Endless_surprises_do_not_cause_a_ListShards_storm()
    {
        var simulator = new ShardSimulator(1);
        var transport = new MislabellingTransport(simulator);
        var interval = TimeSpan.FromMilliseconds(100);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await using (var producer = new KinesisProducer(transport, simulator.StreamName, Fast.Options(o => o.ShardMapRefreshInterval = interval)))
        {
            for (var i = 0; i < 100; i++)
            {
                await producer.PutAsync("k" + i, new byte[] { 1 });
            }
        }

        var elapsed = stopwatch.Elapsed;
        Assert.Equal(100, simulator.Delivered.Count);
        Assert.True(simulator.ListShardsCalls >= 2, "surprising shard ids start refreshes");
        Assert.True(simulator.ListShardsCalls <= 2 + (elapsed / interval), $"{simulator.ListShardsCalls} ListShards calls in {elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>Reports every written record on a shard id that no ListShards answer ever contains.</summary>
    private sealed class MislabellingTransport(ShardSimulator inner) : IKinesisTransport
    {
        public async Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            var result = await inner.PutRecordsAsync(streamName, records, cancellationToken);
            return new TransportPutResult(result.Records.Select(r => r.Succeeded ? TransportRecordResult.Success(r.SequenceNumber!, "shardId-elsewhere") : r).ToList());
        }

        public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            inner.ListShardsAsync(streamName, nextToken, cancellationToken);
    }
}
