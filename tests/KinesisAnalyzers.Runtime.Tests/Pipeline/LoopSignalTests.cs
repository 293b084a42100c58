using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class LoopSignalTests
{
    [Fact]
    public async Task A_set_before_the_wait_is_not_lost_and_many_sets_wake_once()
    {
        var signal = new LoopSignal();
        signal.Reset();
        signal.Set();
        signal.Set();
        await signal.WaitAsync(Timeout.InfiniteTimeSpan);
        signal.Reset();
        var second = signal.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.False(second.IsCompleted);
        signal.Set();
        await second;
    }

    [Fact]
    public async Task A_wait_ends_at_its_timeout()
    {
        var signal = new LoopSignal();
        await signal.WaitAsync(TimeSpan.FromMilliseconds(10));
    }
}
