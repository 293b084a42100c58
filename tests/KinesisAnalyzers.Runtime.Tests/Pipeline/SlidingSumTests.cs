using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class SlidingSumTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Sums_what_was_added_within_the_window_and_forgets_older_amounts()
    {
        var sum = new SlidingSum(TimeSpan.FromSeconds(1));
        sum.Add(5, Ms(0));
        sum.Add(7, Ms(450));
        sum.Add(11, Ms(950));
        Assert.Equal(23, sum.Sum(Ms(990)));
        Assert.Equal(18, sum.Sum(Ms(1_050)));  // the slot of 0-100 ms is gone
        Assert.Equal(11, sum.Sum(Ms(1_500)));
        Assert.Equal(0, sum.Sum(Ms(5_000)));
        sum.Add(2, Ms(5_010));
        Assert.Equal(2, sum.Sum(Ms(5_020)));
    }
}
