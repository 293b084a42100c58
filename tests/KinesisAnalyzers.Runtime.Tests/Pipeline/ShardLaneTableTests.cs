using System.Globalization;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardLaneTableTests
{
    private static ShardLaneTable Table() =>
        new(shard => new ShardLane(shard, new ShardAggregator(shard is not null, 51_200, TimeSpan.FromMilliseconds(100)), shard is null ? null : new ShardRateLimiter(100, TimeSpan.Zero)));

    private static HashKey Key(UInt128 value) => HashKey.Parse(value.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Without_a_map_every_record_goes_to_the_unknown_lane()
    {
        var table = Table();
        Assert.Same(table.Unknown, table.LaneFor(Key(5)));
        Assert.Null(table.Unknown.Shard);
        Assert.Null(table.Unknown.Limiter);
    }

    [Fact]
    public void A_map_gives_each_shard_a_lane_found_by_hash_key()
    {
        var table = Table();
        Assert.Empty(table.Apply(ShardMap.Create(ShardMapTests.FourShards())));
        Assert.Equal(5, table.All.Count);
        Assert.Equal("s0", table.LaneFor(Key(0)).ShardId);
        Assert.Equal("s3", table.LaneFor(Key(UInt128.MaxValue)).ShardId);
        Assert.True(ShardLaneTable.IsCurrent(table.LaneFor(Key(0))));
        Assert.False(ShardLaneTable.IsCurrent(table.Unknown));
    }

    [Fact]
    public void A_split_retires_the_parent_lane_and_its_children_wait_until_it_is_removed()
    {
        var table = Table();
        var half = UInt128.MaxValue / 2;
        table.Apply(ShardMap.Create(new[] { ShardMapTests.Shard("p", 0, half), ShardMapTests.Shard("q", half + 1, UInt128.MaxValue) }));
        var parent = table.LaneFor(Key(1));
        var untouched = table.LaneFor(Key(UInt128.MaxValue));
        parent.Enqueue(Records.Entry());

        var retired = table.Apply(ShardMap.Create(new[]
        {
            ShardMapTests.Shard("c1", 0, half / 2, parent: "p"),
            ShardMapTests.Shard("c2", (half / 2) + 1, half, parent: "p"),
            ShardMapTests.Shard("q", half + 1, UInt128.MaxValue),
        }));

        Assert.Equal(new[] { parent }, retired);
        Assert.True(parent.Retired);
        Assert.Same(untouched, table.LaneFor(Key(UInt128.MaxValue)));
        var child = table.LaneFor(Key(1));
        Assert.Equal("c1", child.ShardId);
        child.Enqueue(Records.Entry());
        Assert.True(child.WaitsForOlderLanes);
        Assert.False(child.CanDispatch(strictOrdering: false));

        table.Remove(parent);
        Assert.False(child.WaitsForOlderLanes);
        Assert.True(child.CanDispatch(strictOrdering: false));
        Assert.DoesNotContain(parent, table.Snapshot);
    }

    [Fact]
    public void Strict_ordering_lets_one_entry_of_a_shard_out_at_a_time()
    {
        var table = Table();
        table.Apply(ShardMap.Create(ShardMapTests.FourShards()));
        var lane = table.LaneFor(Key(0));
        lane.Enqueue(Records.Entry());
        Assert.True(lane.CanDispatch(strictOrdering: true));
        lane.Dispatched();
        Assert.False(lane.CanDispatch(strictOrdering: true));
        Assert.True(lane.CanDispatch(strictOrdering: false));
    }

    [Fact]
    public void Lanes_count_the_records_routed_to_them()
    {
        var table = Table();
        table.Apply(ShardMap.Create(ShardMapTests.FourShards()));
        var record = Records.User("a");
        var first = table.LaneFor(Key(0));
        var second = table.LaneFor(Key(UInt128.MaxValue));
        first.Attach(record);
        Assert.Equal(1, first.BufferedRecords);
        second.Attach(record);
        Assert.Equal(0, first.BufferedRecords);
        Assert.Equal(1, second.BufferedRecords);
        second.Detach(record);
        Assert.Equal(0, second.BufferedRecords);
        Assert.Null(record.Lane);
    }

    [Fact]
    public void A_grandchild_whose_parent_the_table_never_saw_waits_for_the_lane_covering_its_range()
    {
        var table = Table();
        table.Apply(ShardMap.Create(new[] { ShardMapTests.Shard("p", 0, UInt128.MaxValue) }));
        var parent = table.LaneFor(Key(1));
        parent.Enqueue(Records.Entry());

        // p split into c1 and c2, then c1 split into g1 and g2 before the table saw c1.
        var quarter = UInt128.MaxValue / 4;
        table.Apply(ShardMap.Create(new[]
        {
            ShardMapTests.Shard("g1", 0, quarter, parent: "c1"),
            ShardMapTests.Shard("g2", quarter + 1, quarter * 2, parent: "c1"),
            ShardMapTests.Shard("c2", (quarter * 2) + 1, UInt128.MaxValue, parent: "p"),
        }));

        var grandchild = table.LaneFor(Key(1));
        grandchild.Enqueue(Records.Entry());
        Assert.True(grandchild.WaitsForOlderLanes);
        table.Remove(parent);
        Assert.True(grandchild.CanDispatch(strictOrdering: true));
    }
}
