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
}
