using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class FlushTrackerTests
{
    [Fact]
    public void A_flush_with_nothing_outstanding_is_done_at_once()
    {
        Assert.True(new FlushTracker().Seal().IsCompleted);
    }

    [Fact]
    public void A_flush_waits_for_records_accepted_before_it_only()
    {
        var tracker = new FlushTracker();
        var before = tracker.Join();
        var flush = tracker.Seal();
        var after = tracker.Join();
        Assert.False(flush.IsCompleted);
        tracker.Leave(before);
        Assert.True(flush.IsCompleted);
        Assert.NotSame(before, after);
    }

    [Fact]
    public async Task A_later_flush_also_waits_for_earlier_generations()
    {
        var tracker = new FlushTracker();
        var first = tracker.Join();
        var firstFlush = tracker.Seal();
        var second = tracker.Join();
        var secondFlush = tracker.Seal();

        tracker.Leave(second);
        Assert.False(secondFlush.IsCompleted);

        // Whenever the second flush completes, note whether the first had: it must have (no timing involved).
        var firstWasDone = secondFlush.ContinueWith(_ => firstFlush.IsCompleted, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        tracker.Leave(first);
        Assert.True(firstFlush.IsCompleted);
        Assert.True(await firstWasDone.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Many_completed_flushes_do_not_chain()
    {
        var tracker = new FlushTracker();
        for (var i = 0; i < 10_000; i++)
        {
            var generation = tracker.Join();
            tracker.Leave(generation);
            Assert.True(tracker.Seal().IsCompleted);
        }
    }
}
