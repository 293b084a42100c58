using System.Globalization;
using System.IO;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardMapTests
{
    private const string Max = "340282366920938463463374607431768211455";

    internal static TransportShard Shard(string id, UInt128 start, UInt128 end, string? parent = null, string? adjacent = null) =>
        new(id, start.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture), parent, adjacent);

    /// <summary>Four shards of equal width, listed out of order.</summary>
    internal static List<TransportShard> FourShards()
    {
        var width = UInt128.MaxValue / 4;
        return new List<TransportShard>
        {
            Shard("s2", width * 2, (width * 3) - 1),
            Shard("s0", 0, width - 1),
            Shard("s3", width * 3, UInt128.MaxValue),
            Shard("s1", width, (width * 2) - 1),
        };
    }

    [Fact]
    public void Finds_the_shard_owning_each_hash_key_including_range_edges()
    {
        var map = ShardMap.Create(FourShards());
        var width = UInt128.MaxValue / 4;
        Assert.Equal(4, map.Count);
        foreach (var (key, shard) in new (UInt128, string)[]
        {
            (0, "s0"), (width - 1, "s0"), (width, "s1"), ((width * 2) - 1, "s1"), (width * 2, "s2"),
            ((width * 3) - 1, "s2"), (width * 3, "s3"), (UInt128.MaxValue, "s3"), (width / 2, "s0"),
        })
        {
            Assert.Equal(shard, map.Find(HashKey.Parse(key.ToString(CultureInfo.InvariantCulture)))!.ShardId);
        }
    }

    [Fact]
    public void Agrees_with_a_linear_scan_on_random_keys()
    {
        var shards = Enumerable.Range(0, 37).Select(i => i).ToList();
        var width = UInt128.MaxValue / 37;
        var listed = shards.Select(i => Shard("s" + i, width * (UInt128)i, i == 36 ? UInt128.MaxValue : (width * (UInt128)(i + 1)) - 1)).Reverse().ToList();
        var map = ShardMap.Create(listed);
        var random = new Random(3);
        for (var n = 0; n < 1000; n++)
        {
            var key = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) | ((UInt128)(ulong)random.Next(2) << 127);
            var expected = listed.Single(s => UInt128.Parse(s.StartingHashKey, CultureInfo.InvariantCulture) <= key && key <= UInt128.Parse(s.EndingHashKey, CultureInfo.InvariantCulture));
            Assert.Equal(expected.ShardId, map.Find(HashKey.Parse(key.ToString(CultureInfo.InvariantCulture)))!.ShardId);
        }
    }

    [Fact]
    public void A_key_in_a_gap_or_an_empty_map_has_no_shard()
    {
        var map = ShardMap.Create(new[] { Shard("low", 0, 99), Shard("high", 200, UInt128.MaxValue) });
        Assert.Null(map.Find(HashKey.Parse("150")));
        Assert.Equal(-1, map.IndexOf(HashKey.Parse("100")));
        Assert.Null(ShardMap.Empty.Find(HashKey.Parse("1")));
    }

    [Fact]
    public void Leaves_out_closed_parents_listed_with_their_children()
    {
        var map = ShardMap.Create(new[]
        {
            Shard("parent", 0, UInt128.MaxValue),
            Shard("low", 0, UInt128.MaxValue / 2, parent: "parent"),
            Shard("high", (UInt128.MaxValue / 2) + 1, UInt128.MaxValue, parent: "parent"),
        });

        Assert.Equal(new[] { "low", "high" }, map.Shards.Select(s => s.ShardId));
        Assert.False(map.Contains("parent"));
        Assert.True(map.Contains("low"));
        Assert.Equal("low", map.Shards[0].ShardId);
        Assert.Equal("parent", map.Shards[1].ParentShardId);
    }

    [Fact]
    public void Rejects_overlapping_inverted_or_malformed_ranges()
    {
        Assert.Throws<InvalidDataException>(() => ShardMap.Create(new[] { Shard("a", 0, 100), Shard("b", 100, UInt128.MaxValue) }));
        Assert.Throws<InvalidDataException>(() => ShardMap.Create(new[] { Shard("a", 100, 0) }));
        Assert.Throws<InvalidDataException>(() => ShardMap.Create(new[] { new TransportShard("a", "0", Max + "0") }));
        Assert.Throws<InvalidDataException>(() => ShardMap.Create(new[] { new TransportShard("a", "-1", "5") }));
    }
}
