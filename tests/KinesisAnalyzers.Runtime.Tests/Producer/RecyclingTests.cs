using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>
/// The producer recycles delivered AddAsync records and the buffers of aggregated records. Recycling must never
/// change bytes anything can still read: not what a transport holds from a call the producer abandoned, not what
/// later records carry.
/// </summary>
public sealed class RecyclingTests
{
    [Fact]
    public async Task Bytes_of_an_abandoned_transport_call_are_never_reused_for_later_records()
    {
        var simulator = new ShardSimulator(1);
        var transport = new AbandonedFirstCall(simulator);
        await using (var producer = new KinesisProducer(transport, simulator.StreamName, Fast.Options(o => o.RequestTimeout = TimeSpan.FromMilliseconds(100))))
        {
            // The first request hangs and is abandoned (the transport keeps its records); its records are sent again.
            for (var i = 0; i < 50; i++)
            {
                await producer.AddAsync("first-" + i, Fast.Payload("first", i, padTo: 64));
            }

            await producer.FlushAsync();
            Assert.NotNull(transport.Held);

            // Many more aggregated records go through and are recycled while the transport still holds the first call.
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < 200; i++)
                {
                    await producer.AddAsync($"later-{round}-{i}", Fast.Payload("later", i, padTo: 64));
                }

                await producer.FlushAsync();
            }
        }

        for (var i = 0; i < transport.Held!.Count; i++)
        {
            Assert.Equal(transport.Snapshot![i], transport.Held[i].Data.ToArray());
        }

        Assert.Equal(50 + (20 * 200), simulator.Delivered.Select(d => d.PartitionKey).Distinct().Count());
    }

    [Fact]
    public async Task Records_sent_plain_and_aggregated_arrive_with_their_own_data_while_records_are_recycled()
    {
        var simulator = new ShardSimulator(4);
        const int Rounds = 30;
        const int PerRound = 300;
        await using (var producer = Fast.Producer(simulator, o => o.AggregationMaxBytes = 2_000))
        {
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < PerRound; i++)
                {
                    // Payload sizes vary, so a recycled record's buffer is sometimes larger than its data.
                    var key = $"k{round}-{i}";
                    await producer.AddAsync(key, Fast.Payload(key, i, padTo: (i * 7) % 150));
                }

                await producer.FlushAsync();
            }
        }

        var delivered = simulator.Delivered;
        Assert.Equal(Rounds * PerRound, delivered.Count);
        Assert.All(delivered, d => Assert.StartsWith(d.PartitionKey + "#", d.Text, StringComparison.Ordinal));
    }

    /// <summary>Holds the records of its first call without answering (the producer abandons it), then passes calls on.</summary>
    private sealed class AbandonedFirstCall(ShardSimulator inner) : IKinesisTransport
    {
        private int _calls;

        public IReadOnlyList<TransportRecord>? Held { get; private set; }

        public List<byte[]>? Snapshot { get; private set; }

        public Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Snapshot = records.Select(r => r.Data.ToArray()).ToList();
                Held = records;
                return new TaskCompletionSource<TransportPutResult>().Task; // never answers, ignores the token
            }

            return inner.PutRecordsAsync(streamName, records, cancellationToken);
        }

        public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            inner.ListShardsAsync(streamName, nextToken, cancellationToken);
    }
}
