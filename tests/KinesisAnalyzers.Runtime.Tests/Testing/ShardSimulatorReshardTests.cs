using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime.Testing;
using static KinesisAnalyzers.Runtime.Tests.Testing.SimulatorCalls;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>Routing by hash key, ListShards, and splits and merges while records are written.</summary>
public sealed class ShardSimulatorReshardTests
{
    private static readonly BigInteger MaxHashKey = (BigInteger.One << 128) - 1;

    private static async Task<List<TransportShard>> ListAll(ShardSimulator simulator)
    {
        var shards = new List<TransportShard>();
        string? token = null;
        do
        {
            var page = await simulator.ListShardsAsync(simulator.StreamName, token, CancellationToken.None);
            shards.AddRange(page.Shards);
            token = page.NextToken;
        }
        while (token is not null);
        return shards;
    }

    [Fact]
    public void Shards_split_the_hash_key_range_evenly_and_without_gaps()
    {
        var shards = new ShardSimulator(7).Shards;

        Assert.Equal(BigInteger.Zero, shards[0].StartingHashKey);
        Assert.Equal(MaxHashKey, shards[^1].EndingHashKey);
        for (var i = 1; i < shards.Count; i++)
        {
            Assert.Equal(shards[i - 1].EndingHashKey + 1, shards[i].StartingHashKey);
        }

        var widths = shards.Take(6).Select(s => s.EndingHashKey - s.StartingHashKey).Distinct();
        Assert.Single(widths);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"shardId-{i:D12}"), shards.Select(s => s.ShardId));
    }

    [Fact]
    public async Task Records_go_to_the_shard_owning_the_MD5_of_their_key_or_their_explicit_hash_key()
    {
        var simulator = new ShardSimulator(4);
        var md5 = MD5.HashData(Encoding.UTF8.GetBytes("order-17"));
        var expected = new BigInteger(md5, isUnsigned: true, isBigEndian: true);
        Assert.Equal(expected, ShardSimulator.HashOf("order-17", null));

        var keys = Enumerable.Range(0, 40).Select(i => "order-" + i).ToList();
        var result = await Put(simulator, keys.Select(k => Entry(k)));
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(simulator.ShardFor(ShardSimulator.HashOf(keys[i], null)).ShardId, result.Records[i].ShardId);
        }

        var last = simulator.Shards[3];
        var explicitResult = await Put(simulator, Entry("order-17", last.StartingHashKey.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(last.ShardId, explicitResult.Records[0].ShardId);
        Assert.Equal(4, result.Records.Select(r => r.ShardId).Distinct().Count());
    }

    [Fact]
    public async Task ListShards_pages_through_the_open_shards()
    {
        var simulator = new ShardSimulator(7) { ListShardsPageSize = 3 };

        var first = await simulator.ListShardsAsync(simulator.StreamName, null, CancellationToken.None);
        Assert.Equal(3, first.Shards.Count);
        Assert.NotNull(first.NextToken);
        var all = await ListAll(simulator);
        Assert.Equal(simulator.Shards.Select(s => s.ShardId), all.Select(s => s.ShardId));
        Assert.Equal(4, simulator.ListShardsCalls);
        Assert.Equal(simulator.Shards[2].EndingHashKey.ToString(CultureInfo.InvariantCulture), all[2].EndingHashKey);

        var bad = await Assert.ThrowsAsync<KinesisTransportException>(() => simulator.ListShardsAsync(simulator.StreamName, "garbage", CancellationToken.None));
        Assert.Equal("InvalidArgumentException", bad.ErrorCode);
    }

    [Fact]
    public async Task A_split_closes_the_parent_and_its_children_take_its_keys_at_once()
    {
        var simulator = new ShardSimulator(2);
        var parent = simulator.Shards[0];
        var keys = Enumerable.Range(0, 200).Select(i => "k" + i).Where(k => parent.Contains(ShardSimulator.HashOf(k, null))).ToList();
        await Put(simulator, keys.Select(k => Entry(k)));

        var (low, high) = simulator.SplitShard(parent.ShardId);
        var after = await Put(simulator, keys.Select(k => Entry(k)));

        Assert.False(parent.IsOpen);
        Assert.Equal(keys.Count, parent.AcceptedEntries);
        Assert.Equal(new[] { "shardId-000000000001", low, high }, simulator.OpenShards.Select(s => s.ShardId));
        Assert.All(after.Records, r => Assert.Contains(r.ShardId, new[] { low, high }));
        Assert.Contains(after.Records, r => r.ShardId == low);
        Assert.Contains(after.Records, r => r.ShardId == high);

        var listed = await ListAll(simulator);
        Assert.Equal(new[] { "shardId-000000000001", low, high }, listed.Select(s => s.ShardId));
        Assert.All(listed.Where(s => s.ShardId != "shardId-000000000001"), s => Assert.Equal(parent.ShardId, s.ParentShardId));
        var lowShard = simulator.Shards.Single(s => s.ShardId == low);
        var highShard = simulator.Shards.Single(s => s.ShardId == high);
        Assert.Equal(parent.StartingHashKey, lowShard.StartingHashKey);
        Assert.Equal(lowShard.EndingHashKey + 1, highShard.StartingHashKey);
        Assert.Equal(parent.EndingHashKey, highShard.EndingHashKey);
    }

    [Fact]
    public void A_split_at_a_hash_key_and_a_merge_follow_the_service_rules()
    {
        var simulator = new ShardSimulator(1);
        var (low, high) = simulator.SplitShard("shardId-000000000000", 1000);

        Assert.Equal(new BigInteger(999), simulator.Shards[1].EndingHashKey);
        Assert.Equal(new BigInteger(1000), simulator.Shards[2].StartingHashKey);
        Assert.Throws<ArgumentOutOfRangeException>(() => simulator.SplitShard(low, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulator.SplitShard(low, 1000));
        Assert.Throws<InvalidOperationException>(() => simulator.SplitShard("shardId-000000000000"));
        Assert.Throws<InvalidOperationException>(() => simulator.SplitShard("no-such-shard"));

        var (a, b) = simulator.SplitShard(high);
        Assert.Throws<InvalidOperationException>(() => simulator.MergeShards(low, b)); // not adjacent

        var merged = simulator.MergeShards(b, a);
        var child = simulator.OpenShards.Single(s => s.ShardId == merged);
        Assert.Equal(new BigInteger(1000), child.StartingHashKey);
        Assert.Equal(MaxHashKey, child.EndingHashKey);
        Assert.Equal(b, child.ParentShardId);
        Assert.Equal(a, child.AdjacentParentShardId);
        Assert.Equal(new[] { low, merged }, simulator.OpenShards.Select(s => s.ShardId));
    }

    [Fact]
    public async Task Splits_while_writers_run_lose_nothing()
    {
        var simulator = new ShardSimulator(2) { EnforceLimits = false };
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var result = await Put(simulator, Enumerable.Range(0, 20).Select(j => Entry($"w{w}-{i}-{j}")));
                Assert.Equal(20, Written(result));
            }
        })).ToList();
        simulator.SplitShard("shardId-000000000000");
        simulator.SplitShard("shardId-000000000001");
        await Task.WhenAll(writers);

        Assert.Equal(4 * 50 * 20, simulator.Delivered.Select(d => d.PartitionKey).Distinct().Count());
        Assert.All(simulator.Delivered, d => Assert.True(simulator.Shards.Single(s => s.ShardId == d.ShardId).Contains(ShardSimulator.HashOf(d.PartitionKey, null))));
    }
}
