using System.Globalization;
using System.Text;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Aggregation;
using static KinesisAnalyzers.Runtime.Tests.Testing.SimulatorCalls;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>The log of what was written: Kinesis records as sent, user records unpacked, on their shards.</summary>
public sealed class ShardSimulatorLogTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static TransportRecord Aggregate(string outerExplicitHashKey, params string[] keys)
    {
        var builder = new AggregatedRecordBuilder(1024 * 1024);
        foreach (var key in keys)
        {
            Assert.True(builder.TryAdd(key, null, Utf8("data of " + key)));
        }

        return new TransportRecord("a", outerExplicitHashKey, builder.Build());
    }

    [Fact]
    public async Task Plain_records_are_logged_once_each_with_shard_sequence_number_and_time()
    {
        var clock = new ManualClock(TimeSpan.FromSeconds(7));
        var simulator = new ShardSimulator(2, clock: () => clock.Now);
        var data = Utf8("hello");

        var result = await Put(simulator, Entry("k1", data: data), Entry("k2", data: Utf8("world")));
        data[0] = (byte)'J'; // the log keeps what was sent, not the caller's buffer

        var delivered = simulator.Delivered;
        Assert.Equal(new[] { "hello", "world" }, delivered.Select(d => d.Text));
        Assert.Equal(result.Records.Select(r => r.SequenceNumber), delivered.Select(d => d.SequenceNumber));
        Assert.Equal(result.Records.Select(r => r.ShardId), delivered.Select(d => d.ShardId));
        Assert.All(delivered, d => Assert.False(d.IsAggregated || d.IsMisplaced));
        Assert.All(delivered, d => Assert.Equal(TimeSpan.FromSeconds(7), d.WrittenAt));
        Assert.True(string.CompareOrdinal(delivered[0].SequenceNumber, delivered[1].SequenceNumber) < 0);
        Assert.Equal(2, simulator.KinesisRecords.Count);
        Assert.Equal(2, simulator.DeliveredCount);
    }

    [Fact]
    public async Task Aggregated_records_are_unpacked_into_their_user_records()
    {
        var simulator = new ShardSimulator(1);
        var keys = new[] { "alpha", "beta", "gamma" };

        var result = await Put(simulator, Aggregate("0", keys));

        var stored = Assert.Single(simulator.KinesisRecords);
        Assert.Equal("a", stored.PartitionKey);
        var delivered = simulator.Delivered;
        Assert.Equal(keys, delivered.Select(d => d.PartitionKey));
        Assert.Equal(keys.Select(k => "data of " + k), delivered.Select(d => d.Text));
        Assert.Equal(new long[] { 0, 1, 2 }, delivered.Select(d => d.SubSequenceNumber));
        Assert.All(delivered, d => Assert.Equal(result.Records[0].SequenceNumber, d.SequenceNumber));
        Assert.All(delivered, d => Assert.True(d.IsAggregated && !d.IsMisplaced));
    }

    [Fact]
    public async Task User_records_carried_to_a_shard_that_does_not_own_them_are_flagged_misplaced()
    {
        var simulator = new ShardSimulator(2);
        var own = KeyOn(simulator.Shards[0]);
        var foreign = KeyOn(simulator.Shards[1]);

        await Put(simulator, Aggregate(simulator.Shards[0].StartingHashKey.ToString(CultureInfo.InvariantCulture), own, foreign));

        var delivered = simulator.Delivered;
        Assert.All(delivered, d => Assert.Equal("shardId-000000000000", d.ShardId));
        Assert.False(delivered.Single(d => d.PartitionKey == own).IsMisplaced);
        Assert.True(delivered.Single(d => d.PartitionKey == foreign).IsMisplaced);
    }

    [Fact]
    public async Task An_aggregated_record_with_a_valid_checksum_but_broken_content_is_kept_and_counted()
    {
        var simulator = new ShardSimulator(1);
        var broken = KplTestSupport.Frame(new byte[] { 0x0A, 0x01, 0x61, 0x1A, 0x05, 0x08, 0x00, 0x1A, 0x05, 0x00 });

        Assert.Equal(1, Written(await Put(simulator, new TransportRecord("a", null, broken))));

        Assert.Single(simulator.KinesisRecords);
        Assert.Empty(simulator.Delivered);
        Assert.Equal(1, simulator.MalformedAggregatedRecords);
    }
}
