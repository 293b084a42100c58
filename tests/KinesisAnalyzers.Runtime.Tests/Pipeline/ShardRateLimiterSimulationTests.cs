using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

/// <summary>
/// The limiter against a shard that takes exactly 1 MiB/s (a token bucket holding one second, as the simulator and
/// the service do), in virtual time: entries of aggregated-record size are sent whenever the limiter lets them,
/// answers come back after a round trip, throttled entries are sent again. What share of the shard's capacity gets
/// through says whether the throttle response leaves the shard idle.
/// </summary>
public sealed class ShardRateLimiterSimulationTests
{
    [Theory]
    [InlineData(150, 51_200, 5)]
    [InlineData(100, 51_200, 5)]
    [InlineData(150, 1_000, 5)]
    [InlineData(150, 51_200, 40)]
    public void Paced_against_a_shard_at_its_limit_at_least_95_percent_gets_through(int ratePercent, int entryBytes, int roundTripMs)
    {
        var (share, throttled, written) = Run(ratePercent, entryBytes, TimeSpan.FromMilliseconds(roundTripMs), TimeSpan.FromSeconds(60));
        Assert.True(share >= 0.95, $"{share:P1} of the shard's capacity written, {throttled} entries throttled for {written} written");
        Assert.True(throttled < written / 10, $"{throttled} entries throttled for {written} written");
    }

    private static (double Share, int Throttled, int Written) Run(int ratePercent, int entryBytes, TimeSpan roundTrip, TimeSpan duration)
    {
        var step = TimeSpan.FromMilliseconds(1);
        var warmUp = TimeSpan.FromSeconds(5); // the shard's first second of burst, and the first cuts
        var limiter = new ShardRateLimiter(ratePercent, TimeSpan.Zero);
        var shard = new TokenBucket(ShardRateLimiter.ShardBytesPerSecond, TimeSpan.Zero);
        var answers = new List<(TimeSpan At, TimeSpan SentAt, bool Written)>();
        long bytesInWindow = 0;
        int throttled = 0, written = 0;
        for (var now = TimeSpan.Zero; now < duration; now += step)
        {
            foreach (var answer in answers.Where(a => a.At <= now).ToList())
            {
                answers.Remove(answer);
                if (answer.Written)
                {
                    limiter.OnWritten(entryBytes, now);
                }
                else
                {
                    limiter.OnThrottled(answer.SentAt, now);
                }
            }

            while (limiter.TryTake(entryBytes, now))
            {
                // The shard decides half a round trip later.
                var arrival = now + (roundTrip / 2);
                var accepted = shard.TryTake(entryBytes, arrival);
                answers.Add((now + roundTrip, now, accepted));
                if (now >= warmUp)
                {
                    bytesInWindow += accepted ? entryBytes : 0;
                    throttled += accepted ? 0 : 1;
                    written += accepted ? 1 : 0;
                }
            }
        }

        var capacity = ShardRateLimiter.ShardBytesPerSecond * (duration - warmUp).TotalSeconds;
        return (bytesInWindow / capacity, throttled, written);
    }
}
