using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class TokenBucketTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Starts_full_with_one_second_of_tokens_and_empties()
    {
        var bucket = new TokenBucket(1000, TimeSpan.Zero);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(bucket.TryTake(1, TimeSpan.Zero));
        }

        Assert.False(bucket.TryTake(1, TimeSpan.Zero));
    }

    [Fact]
    public void Refills_at_the_rate_and_never_beyond_the_capacity()
    {
        var bucket = new TokenBucket(1000, TimeSpan.Zero);
        Assert.True(bucket.TryTake(1000, TimeSpan.Zero));
        Assert.Equal(100, bucket.Tokens(Ms(100)), 6);
        Assert.Equal(1000, bucket.Tokens(TimeSpan.FromSeconds(10)), 6);
    }

    [Fact]
    public void Says_how_long_until_a_take_fits()
    {
        var bucket = new TokenBucket(1000, TimeSpan.Zero);
        bucket.TryTake(1000, TimeSpan.Zero);
        Assert.Equal(Ms(50), bucket.TimeUntil(50, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntil(50, Ms(50)));
        Assert.True(bucket.TryTake(50, Ms(50)));
    }

    [Fact]
    public void A_take_above_the_capacity_waits_for_a_full_bucket_and_leaves_debt()
    {
        var bucket = new TokenBucket(100, TimeSpan.Zero);
        bucket.TryTake(50, TimeSpan.Zero);
        Assert.False(bucket.TryTake(250, TimeSpan.Zero));
        Assert.Equal(Ms(500), bucket.TimeUntil(250, TimeSpan.Zero));
        Assert.True(bucket.TryTake(250, Ms(500)));
        Assert.Equal(-150, bucket.Tokens(Ms(500)), 6);
        Assert.False(bucket.CanTake(1, Ms(2000)));
        Assert.True(bucket.CanTake(1, Ms(2010)));
    }

    [Fact]
    public void Drain_empties_and_SetRate_changes_pace_and_capacity()
    {
        var bucket = new TokenBucket(1000, TimeSpan.Zero);
        bucket.Drain(TimeSpan.Zero);
        Assert.Equal(0, bucket.Tokens(TimeSpan.Zero));
        bucket.SetRate(100, TimeSpan.Zero);
        Assert.Equal(10, bucket.Tokens(Ms(100)), 6);
        Assert.Equal(100, bucket.Tokens(TimeSpan.FromSeconds(5)), 6);
    }
}
