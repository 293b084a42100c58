using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardRateLimiterTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Paces_at_the_configured_percentage_of_both_shard_limits()
    {
        var limiter = new ShardRateLimiter(150, TimeSpan.Zero);
        Assert.Equal(1500, limiter.RecordsPerSecond);
        Assert.Equal(1.5 * 1024 * 1024, limiter.BytesPerSecond);

        var passed = 0;
        while (limiter.TryTake(10, TimeSpan.Zero))
        {
            passed++;
        }

        // The burst stops at one second of the shard limit; the pace is 150% of it.
        Assert.Equal(1000, passed);
        var later = 0;
        while (limiter.TryTake(10, Ms(100)))
        {
            later++;
        }

        Assert.Equal(150, later);
    }

    [Fact]
    public void Below_100_percent_the_burst_is_one_second_of_the_lower_rate()
    {
        var limiter = new ShardRateLimiter(50, TimeSpan.Zero);
        var passed = 0;
        while (limiter.TryTake(10, TimeSpan.Zero))
        {
            passed++;
        }

        Assert.Equal(500, passed);
    }

    [Fact]
    public void The_byte_bucket_binds_for_large_entries()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        var passed = 0;
        while (limiter.TryTake(100 * 1024, TimeSpan.Zero))
        {
            passed++;
        }

        Assert.Equal(10, passed);
        Assert.Equal(74.21875, limiter.TimeUntilAvailable(100 * 1024, TimeSpan.Zero).TotalMilliseconds, 2);
    }

    [Fact]
    public void Throttling_halves_the_rate_and_empties_the_buckets()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        Assert.True(limiter.OnThrottled(TimeSpan.Zero, Ms(10)));
        Assert.Equal(0.5, limiter.Share);
        Assert.Equal(500, limiter.RecordsPerSecond);
        Assert.False(limiter.TryTake(1, Ms(10)));
        Assert.Equal(2, limiter.TimeUntilAvailable(1, Ms(10)).TotalMilliseconds, 2);
    }

    [Fact]
    public void Throttles_of_requests_sent_before_the_last_cut_are_ignored()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        Assert.True(limiter.OnThrottled(sentAt: Ms(0), now: Ms(50)));
        Assert.False(limiter.OnThrottled(sentAt: Ms(10), now: Ms(60)));
        Assert.Equal(0.5, limiter.Share);
        Assert.True(limiter.OnThrottled(sentAt: Ms(55), now: Ms(90)));
        Assert.Equal(0.25, limiter.Share, 2);
    }

    [Fact]
    public void A_throttle_paces_at_95_percent_of_what_the_shard_accepted_in_the_last_second()
    {
        var limiter = new ShardRateLimiter(150, TimeSpan.Zero);

        // The shard took 1 MiB in the last second (20 entries of 51.2 KiB) before it throttled.
        for (var i = 0; i < 20; i++)
        {
            limiter.OnWritten(51 * 1024 + 205, Ms(500 + (i * 25)));
        }

        Assert.True(limiter.OnThrottled(Ms(990), Ms(1_000)));
        Assert.InRange(limiter.BytesPerSecond, 0.95 * 1024 * 1024, 0.951 * 1024 * 1024);
        Assert.False(limiter.TryTake(1, Ms(1_000)), "the buckets are emptied");
    }

    [Fact]
    public void Above_the_rate_of_the_last_cut_the_rate_grows_only_slowly()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            limiter.OnWritten(100 * 1024, Ms(100 * i));
        }

        limiter.OnThrottled(Ms(980), Ms(990));
        var cut = limiter.Share;
        Assert.Equal(0.95 * 1000 / 1024, cut, 3);

        limiter.TryTake(1, TimeSpan.FromSeconds(2));
        Assert.Equal(cut + ShardRateLimiter.ProbePerSecond, limiter.Share, 3);
    }

    [Fact]
    public void A_throttle_never_cuts_by_more_than_half()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        limiter.OnWritten(10 * 1024, Ms(500)); // the shard took little from this producer (others write to it)
        limiter.OnThrottled(Ms(990), Ms(1_000));
        Assert.Equal(0.5, limiter.Share);
    }

    [Fact]
    public void The_rate_recovers_steadily_without_throttling_and_has_a_floor()
    {
        var limiter = new ShardRateLimiter(100, TimeSpan.Zero);
        var now = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            now += Ms(1);
            limiter.OnThrottled(now, now);
        }

        Assert.Equal(ShardRateLimiter.MinimumShare, limiter.Share, 2);

        limiter.TryTake(1, now + TimeSpan.FromSeconds(1));
        Assert.Equal(ShardRateLimiter.MinimumShare + ShardRateLimiter.RecoveryPerSecond, limiter.Share, 2);
        limiter.TryTake(1, now + TimeSpan.FromSeconds(20));
        Assert.Equal(1, limiter.Share);
        Assert.Equal(1000, limiter.RecordsPerSecond);
    }
}
