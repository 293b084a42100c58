using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Runtime.Tests.Retry;

public class KinesisBackoffTests
{
    [Fact]
    public void CeilingDoublesPerRetryUpToTheCap()
    {
        var backoff = new KinesisBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Ceiling(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.Ceiling(2));
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.Ceiling(4));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Ceiling(5));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Ceiling(1000));
    }

    [Fact]
    public void DelaysAreFullJitterWithinTheCeiling()
    {
        var backoff = new KinesisBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        var delays = Enumerable.Range(0, 2000).Select(_ => backoff.Delay(3)).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(400)));
        // Full jitter spreads over the whole range, not near the ceiling only.
        Assert.Contains(delays, d => d < TimeSpan.FromMilliseconds(100));
        Assert.Contains(delays, d => d > TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KinesisBackoff(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KinesisBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => KinesisBackoff.Default.Ceiling(0));
    }
}
