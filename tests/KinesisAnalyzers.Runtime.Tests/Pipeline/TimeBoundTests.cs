using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class TimeBoundTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_call_that_ignores_its_token_is_abandoned_at_the_deadline()
    {
        var hung = new TaskCompletionSource<int>();
        await Assert.ThrowsAsync<TimeoutException>(() => TimeBound.RunAsync(_ => hung.Task, Short, CancellationToken.None));

        // Its late failure is observed, not left to crash the process as an unobserved exception.
        hung.SetException(new InvalidOperationException("late"));
    }

    [Fact]
    public async Task A_call_cancelled_by_the_deadline_reports_a_timeout()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => TimeBound.RunAsync(async c => { await Task.Delay(Timeout.Infinite, c); return 1; }, Short, CancellationToken.None));
    }

    [Fact]
    public async Task Results_and_exceptions_pass_through()
    {
        Assert.Equal(5, await TimeBound.RunAsync(_ => Task.FromResult(5), Short, CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => TimeBound.RunAsync<int>(_ => Task.FromException<int>(new IOException()), Short, CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => TimeBound.RunAsync<int>(_ => throw new IOException(), Short, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => TimeBound.RunAsync<int>(_ => null!, Short, CancellationToken.None));
    }

    [Fact]
    public async Task The_callers_token_cancels_rather_than_times_out()
    {
        using var cancellation = new CancellationTokenSource();
        var call = TimeBound.RunAsync(_ => new TaskCompletionSource<int>().Task, TimeSpan.FromMinutes(1), cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task WaitAsync_stops_waiting_when_the_token_fires()
    {
        using var cancellation = new CancellationTokenSource();
        var pending = new TaskCompletionSource().Task;
        var wait = TimeBound.WaitAsync(pending, cancellation.Token);
        Assert.False(wait.IsCompleted);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        await TimeBound.WaitAsync(Task.CompletedTask, cancellation.Token);
    }
}
