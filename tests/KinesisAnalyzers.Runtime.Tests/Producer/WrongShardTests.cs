using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>
/// An aggregated record that lands on a shard not owning every user record inside it is not written as far as
/// consumers go (KCL drops the user records outside the shard): its records are routed again and re-sent.
/// </summary>
public sealed class WrongShardTests
{
    [Fact]
    public async Task Aggregated_records_landing_on_a_child_that_does_not_own_them_all_are_routed_again_and_resent()
    {
        var simulator = new ShardSimulator(1);
        var parent = simulator.Shards[0].ShardId;
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.RecordMaxBufferedTime = TimeSpan.FromHours(1);
            o.ShardMapRefreshInterval = TimeSpan.FromMilliseconds(10);
        });
        await producer.AddAsync("warm-up", new byte[] { 0 });
        await producer.FlushAsync();

        // The producer still predicts the parent: the 100 records share one aggregated record, which lands on one child.
        simulator.SplitShard(parent);
        var keys = Enumerable.Range(0, 100).Select(i => "key-" + i).ToList();
        var puts = keys.Select((key, i) => producer.PutAsync(key, Fast.Payload(key, i))).ToList();
        await producer.FlushAsync();
        var results = await Task.WhenAll(puts);

        Assert.Contains(simulator.Delivered, d => d.IsMisplaced); // the wrong-shard write happened
        for (var i = 0; i < keys.Count; i++)
        {
            var owner = simulator.ShardFor(ShardSimulator.HashOf(keys[i], null)).ShardId;
            Assert.Equal(owner, results[i].ShardId);
            Assert.Contains(simulator.Delivered, d => d.PartitionKey == keys[i] && !d.IsMisplaced && d.ShardId == owner);
        }
    }

    [Fact]
    public async Task A_lone_record_on_another_shard_is_delivered_as_it_landed()
    {
        var simulator = new ShardSimulator(1);
        var parent = simulator.Shards[0].ShardId;
        await using var producer = Fast.Producer(simulator);
        await producer.PutAsync("warm-up", new byte[] { 0 });

        var (low, high) = simulator.SplitShard(parent);
        var result = await producer.PutAsync("lone", new byte[] { 1 });

        Assert.Contains(result.ShardId, new[] { low, high });
        Assert.Single(simulator.Delivered, d => d.PartitionKey == "lone");
    }
}
