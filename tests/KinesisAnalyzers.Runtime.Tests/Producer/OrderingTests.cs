using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>StrictOrdering keeps the order of records per key, even when entries fail and are retried.</summary>
public sealed class OrderingTests
{
    private const int Keys = 10;
    private const int PerKey = 40;

    private static async Task<ShardSimulator> RunStrictAsync(ShardSimulator simulator, bool aggregation, MetricRecorder? metrics = null, Action<KinesisProducerOptions>? configure = null)
    {
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.StrictOrdering = true;
            o.AggregationEnabled = aggregation;
            o.RecordMaxBufferedTime = TimeSpan.FromMilliseconds(2);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(2);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(o);
        });

        for (var i = 0; i < PerKey; i++)
        {
            // Pauses now and then spread the records over many requests, so faults meet many of them.
            if (i % 4 == 0)
            {
                await Task.Delay(3);
            }

            for (var k = 0; k < Keys; k++)
            {
                await producer.AddAsync("key-" + k, Fast.Payload("key-" + k, i));
            }
        }

        return simulator;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Strict_mode_keeps_order_per_key_across_retries(bool aggregation)
    {
        var random = new Random(11);
        var simulator = new ShardSimulator(2)
        {
            // Called under the simulator's lock, so the shared Random is safe.
            EntryError = _ => random.Next(4) switch
            {
                0 => KinesisErrors.InternalFailure,
                1 when random.Next(3) == 0 => KinesisErrors.ProvisionedThroughputExceeded,
                _ => null,
            },
        };
        using var metrics = new MetricRecorder(simulator.StreamName);
        await RunStrictAsync(simulator, aggregation, metrics);

        Assert.True(metrics.Sum("kinesis.producer.records.retried") > 0, "failures were injected and retried");
        foreach (var key in Enumerable.Range(0, Keys).Select(k => "key-" + k))
        {
            var order = simulator.Delivered.Where(d => d.PartitionKey == key).Select(Fast.IndexOf);
            Assert.Equal(Enumerable.Range(0, PerKey), order);
        }
    }

    [Fact]
    public async Task Strict_mode_keeps_first_arrivals_in_order_when_outcomes_are_ambiguous()
    {
        var simulator = new ShardSimulator(2)
        {
            FaultSchedule = n => (n % 7) switch
            {
                1 => SimulatedFault.ShortResults(0),
                3 => SimulatedFault.ThrowAfterWrite(new KinesisTransportException("Internal", "InternalFailure", 500)),
                5 when n < 30 => SimulatedFault.HangAfterWrite(),
                _ => null,
            },
        };
        using var metrics = new MetricRecorder(simulator.StreamName);
        await RunStrictAsync(simulator, aggregation: true, metrics, o => o.RequestTimeout = TimeSpan.FromMilliseconds(100));

        var duplicates = 0;
        foreach (var key in Enumerable.Range(0, Keys).Select(k => "key-" + k))
        {
            var arrivals = simulator.Delivered.Where(d => d.PartitionKey == key).Select(Fast.IndexOf).ToList();
            Assert.Equal(Enumerable.Range(0, PerKey), arrivals.Distinct());
            duplicates += arrivals.Count - PerKey;
        }

        Assert.True(duplicates > 0, "the faults wrote records whose outcome the producer could not know");
        Assert.True(duplicates <= metrics.Sum("kinesis.producer.records.duplicates_possible"));
    }
    [Fact]
    public async Task Strict_mode_keeps_order_when_the_first_ListShards_fails()
    {
        var simulator = new ShardSimulator(2) { ListShardsException = new KinesisTransportException("Internal", "InternalFailure", 500) };
        await using var producer = Fast.Producer(simulator, o => o.StrictOrdering = true);

        // Without a map, records go out plain one at a time; the first one hangs, the rest wait behind it.
        await producer.AddAsync("key-0", Fast.Payload("key-0", 0));
        await Fast.Until(() => simulator.PutRecordsCalls == 1);
        simulator.Pause();
        for (var k = 1; k < Keys; k++)
        {
            await producer.AddAsync("key-" + k, Fast.Payload("key-" + k, 0));
        }

        await Fast.Until(() => simulator.PutRecordsCalls == 2);
        simulator.ListShardsException = null;
        await Fast.Until(() => producer.CurrentShardIds.Count == 2);
        for (var round = 1; round < 5; round++)
        {
            for (var k = 0; k < Keys; k++)
            {
                await producer.AddAsync("key-" + k, Fast.Payload("key-" + k, round));
            }
        }

        simulator.Resume();
        await producer.FlushAsync();
        foreach (var key in Enumerable.Range(0, Keys).Select(k => "key-" + k))
        {
            Assert.Equal(Enumerable.Range(0, 5), simulator.Delivered.Where(d => d.PartitionKey == key).Select(Fast.IndexOf));
        }
    }

    [Fact]
    public async Task Strict_mode_keeps_order_after_a_split_whose_parent_the_producer_never_saw()
    {
        var simulator = new ShardSimulator(2);
        var (p, q) = (simulator.Shards[0].ShardId, simulator.Shards[1].ShardId);
        var transport = new HoldingTransport(simulator, "hold");
        var keys = Enumerable.Range(0, 200).Select(i => "key-" + i)
            .Where(key => simulator.ShardFor(ShardSimulator.HashOf(key, null)).ShardId == p).Take(Keys).ToList();
        var trigger = Enumerable.Range(0, 200).Select(i => "q-" + i).First(key => simulator.ShardFor(ShardSimulator.HashOf(key, null)).ShardId == q);
        await using var producer = new KinesisProducer(transport, simulator.StreamName, Fast.Options(o =>
        {
            o.StrictOrdering = true;
            o.AggregationEnabled = false;
            o.ShardMapRefreshInterval = TimeSpan.FromMilliseconds(10);
        }));
        await producer.PutAsync("warm-up", new byte[] { 0 });

        // P's lane: one entry held in flight, the first rounds queued behind it.
        var held = producer.PutAsync("hold", new byte[] { 0 }, simulator.Shards[0].StartingHashKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Fast.Until(() => transport.Holding);
        foreach (var key in keys)
        {
            await producer.AddAsync(key, Fast.Payload(key, 0));
        }

        // P splits, and its low child splits again before the producer looks: the grandchildren name a parent it never saw.
        var (low, _) = simulator.SplitShard(p);
        simulator.SplitShard(low);
        simulator.SplitShard(q);
        await producer.PutAsync(trigger, new byte[] { 1 }); // lands on a child of Q: the map is reloaded
        await Fast.Until(() => !producer.CurrentShardIds.Contains(p));
        foreach (var key in keys)
        {
            await producer.AddAsync(key, Fast.Payload(key, 1));
        }

        // Once the loop has routed every later record (into the grandchildren's lanes, or, if it wrongly let them
        // overtake, all the way to the stream), release the held entry: any overtaking is then already under way.
        await Fast.Until(() =>
            producer.GetBufferedRecordCountsByShard().Where(pair => pair.Key != p).Sum(pair => pair.Value)
            + simulator.Delivered.Count(d => keys.Contains(d.PartitionKey) && Fast.IndexOf(d) == 1) >= keys.Count);
        transport.Release();
        await held;
        await producer.FlushAsync();
        foreach (var key in keys)
        {
            Assert.Equal(new[] { 0, 1 }, simulator.Delivered.Where(d => d.PartitionKey == key).Select(Fast.IndexOf));
        }
    }

    /// <summary>Holds every PutRecords call carrying a given partition key until released.</summary>
    private sealed class HoldingTransport(ShardSimulator inner, string heldKey) : IKinesisTransport
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _holding;

        public bool Holding => _holding;

        public void Release() => _release.TrySetResult();

        public async Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            if (records.Any(r => r.PartitionKey == heldKey))
            {
                _holding = true;
                await _release.Task;
            }

            return await inner.PutRecordsAsync(streamName, records, cancellationToken);
        }

        public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            inner.ListShardsAsync(streamName, nextToken, cancellationToken);
    }
}
