using KinesisAnalyzers.Runtime.Testing;
using static KinesisAnalyzers.Runtime.Tests.Testing.SimulatorCalls;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>The per-shard limits, exact to the tick on an injected clock.</summary>
public sealed class ShardSimulatorLimitTests
{
    private readonly ManualClock _clock = new();

    private ShardSimulator Simulator(int shards = 1) => new(shards, clock: () => _clock.Now);

    [Fact]
    public async Task A_fresh_shard_takes_exactly_1000_records_then_one_more_per_millisecond()
    {
        var simulator = Simulator();

        Assert.Equal(500, Written(await Put(simulator, Many(500))));
        Assert.Equal(500, Written(await Put(simulator, Many(500))));
        var refused = await Put(simulator, Many(10));
        Assert.Equal(10, Throttled(refused));
        Assert.All(refused.Records, r => Assert.Contains("Rate exceeded for shard shardId-000000000000", r.ErrorMessage));

        _clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond - 1));
        Assert.Equal(0, Written(await Put(simulator, Many(1))));
        _clock.Advance(TimeSpan.FromTicks(1));
        var oneBack = await Put(simulator, Many(2));
        Assert.Equal(new[] { true, false }, oneBack.Records.Select(r => r.Succeeded));

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(999, await WrittenInRequestsOf500(simulator, Many(1000)));
        Assert.Equal(1000 + 1 + 999, simulator.Shards[0].AcceptedEntries);
        Assert.Equal(10 + 1 + 1 + 1, simulator.ThrottledEntries);
    }

    [Fact]
    public async Task A_fresh_shard_takes_exactly_1_MiB_then_refills_at_1_MiB_per_second()
    {
        var simulator = Simulator();
        const int Quarter = 256 * 1024; // data plus key

        var first = await Put(simulator, Enumerable.Range(0, 5).Select(_ => Sized("k", Quarter)));
        Assert.Equal(new[] { true, true, true, true, false }, first.Records.Select(r => r.Succeeded));
        Assert.Equal(4L * Quarter, simulator.Shards[0].AcceptedBytes);

        // A quarter MiB refills in exactly 250 ms.
        _clock.Advance(TimeSpan.FromTicks((TimeSpan.TicksPerMillisecond * 250) - 1));
        Assert.Equal(0, Written(await Put(simulator, Sized("k", Quarter))));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, Written(await Put(simulator, Sized("k", Quarter))));
    }

    [Fact]
    public async Task Sustained_offered_load_gets_one_second_of_burst_plus_exactly_the_rate()
    {
        var simulator = Simulator();
        var offered = 0;
        for (var step = 0; step <= 1000; step++)
        {
            await Put(simulator, Many(20)); // 2,000 records/s offered against a limit of 1,000
            offered += 20;
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        var shard = simulator.Shards[0];
        Assert.Equal(1000 + (10 * 1000), shard.AcceptedEntries);
        Assert.Equal(offered - shard.AcceptedEntries, shard.ThrottledEntries);
        Assert.Equal(offered - shard.AcceptedEntries, shard.ThrottledAt.Count);

        // No window of t seconds holds more than (1 + t) seconds' worth.
        Assert.True(shard.MaxAcceptedWithin(TimeSpan.FromSeconds(1)) <= 2000);
        Assert.True(shard.MaxAcceptedWithin(TimeSpan.FromSeconds(5)) <= 6000);
    }

    [Fact]
    public async Task Only_the_entries_of_the_shard_over_its_limit_fail_and_they_take_no_tokens()
    {
        var simulator = Simulator(2);
        var hot = KeyOn(simulator.Shards[0]);
        var cold = KeyOn(simulator.Shards[1]);
        Assert.Equal(1000, await WrittenInRequestsOf500(simulator, Many(1000, hot)));

        var mixed = await Put(simulator, Entry(hot), Entry(cold), Entry(hot), Entry(cold));

        Assert.Equal(new[] { false, true, false, true }, mixed.Records.Select(r => r.Succeeded));
        Assert.Equal(new[] { "shardId-000000000001", "shardId-000000000001" }, mixed.Records.Where(r => r.Succeeded).Select(r => r.ShardId));
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(2, Written(await Put(simulator, Many(3, hot)))); // the refused entries took nothing
    }

    [Fact]
    public async Task A_stream_with_large_records_bursts_up_to_its_record_size_limit()
    {
        var simulator = Simulator();
        simulator.MaxRecordBytes = ShardSimulator.LargestMaxRecordBytes;
        simulator.MaxRequestBytes = ShardSimulator.LargestMaxRequestBytes;
        const int FiveMiB = 5 * 1024 * 1024;

        Assert.Equal(1, Written(await Put(simulator, Sized("k", FiveMiB))));
        Assert.Equal(1, Written(await Put(simulator, Sized("k", FiveMiB))));
        Assert.Equal(0, Written(await Put(simulator, Sized("k", 2))));

        _clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(0, Written(await Put(simulator, Sized("k", FiveMiB))));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, Written(await Put(simulator, Sized("k", FiveMiB))));
    }

    [Fact]
    public async Task Without_limits_every_entry_is_written_and_counted()
    {
        var simulator = Simulator();
        simulator.EnforceLimits = false;

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(500, Written(await Put(simulator, Many(500))));
        }

        Assert.Equal(3000, simulator.Shards[0].AcceptedEntries);
        Assert.Equal(0, simulator.ThrottledEntries);

        simulator.EnforceLimits = true; // the buckets were left full
        Assert.Equal(1000, await WrittenInRequestsOf500(simulator, Many(1001)));
        Assert.Equal(0, Written(await Put(simulator, Many(1))));
    }

    [Fact]
    public async Task Available_capacity_is_what_the_buckets_hold_on_the_clock()
    {
        var simulator = Simulator();
        var shard = simulator.Shards[0];
        Assert.Equal(1024 * 1024, shard.AvailableBytes);
        Assert.Equal(1000, shard.AvailableRecords);

        await Put(simulator, Many(400)); // 2 bytes each
        Assert.Equal((1024 * 1024) - 800, shard.AvailableBytes);
        Assert.Equal(600, shard.AvailableRecords);

        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(900, shard.AvailableRecords);
        Assert.Equal(1024 * 1024, shard.AvailableBytes); // capped at one second's worth
        Assert.Equal(TimeSpan.FromMilliseconds(300), simulator.Now);

        var capacity = simulator.CaptureCapacity();
        Assert.Equal((TimeSpan.FromMilliseconds(300), 1, 1024L * 1024, 900L), (capacity.At, capacity.OpenShards, capacity.AvailableBytes, capacity.AvailableRecords));
    }

    [Fact]
    public void The_manual_clock_only_moves_forward()
    {
        var clock = new ManualClock(TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(3005), clock.Now);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }
}
