using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>FlushAsync and DisposeAsync: every record completes, and failures nobody observed are surfaced.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Dispose_sends_everything_buffered_and_completes_every_task()
    {
        var simulator = new ShardSimulator(3);
        var producer = Fast.Producer(simulator, o => o.RecordMaxBufferedTime = TimeSpan.FromHours(1));
        var puts = new List<Task<KinesisPutResult>>();
        for (var i = 0; i < 300; i++)
        {
            puts.Add(producer.PutAsync("p" + i, Fast.Payload("p" + i, i)));
            await producer.AddAsync("a" + i, Fast.Payload("a" + i, 300 + i));
        }

        Assert.Empty(simulator.Delivered);
        Assert.All(puts, p => Assert.False(p.IsCompleted));
        await producer.DisposeAsync();

        Assert.All(puts, p => Assert.True(p.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(0, 600), simulator.Delivered.Select(Fast.IndexOf).Order());
        Assert.Equal(0, producer.BufferedRecordCount);
    }

    [Fact]
    public async Task Dispose_throws_the_failures_of_AddAsync_records_nobody_observed()
    {
        var simulator = new ShardSimulator(1) { EntryError = r => r.PartitionKey.StartsWith("bad", StringComparison.Ordinal) ? "AccessDeniedException" : null };
        var producer = Fast.Producer(simulator, o => o.AggregationEnabled = false);
        for (var i = 0; i < 5; i++)
        {
            await producer.AddAsync("bad-" + i, new byte[] { (byte)i });
            await producer.AddAsync("good-" + i, new byte[] { (byte)i });
        }

        var exception = await Assert.ThrowsAsync<AggregateException>(() => producer.DisposeAsync().AsTask());
        Assert.Equal(5, exception.InnerExceptions.Count);
        var failures = exception.InnerExceptions.Cast<KinesisRecordFailedException>().Select(e => e.Failure).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "bad-" + i), failures.Select(f => f.PartitionKey).Order());
        Assert.All(failures, f => Assert.Equal("AccessDeniedException", f.ErrorCode));
        Assert.Equal(5, simulator.Delivered.Count);

        // Disposing again (as `await using` does after an explicit dispose) reports nothing twice.
        await producer.DisposeAsync();
    }

    [Fact]
    public async Task FlushAsync_surfaces_unobserved_failures_once_and_the_producer_goes_on()
    {
        var simulator = new ShardSimulator(1) { EntryError = r => r.PartitionKey == "bad" ? "AccessDeniedException" : null };
        await using var producer = Fast.Producer(simulator, o => o.AggregationEnabled = false);
        await producer.AddAsync("bad", new byte[] { 1 });
        await producer.AddAsync("good", new byte[] { 2 });

        var exception = await Assert.ThrowsAsync<AggregateException>(() => producer.FlushAsync());
        Assert.Equal("bad", Assert.IsType<KinesisRecordFailedException>(Assert.Single(exception.InnerExceptions)).Failure.PartitionKey);
        await producer.FlushAsync();

        await producer.AddAsync("later", new byte[] { 3 });
        await producer.FlushAsync();
        Assert.Equal(new[] { "good", "later" }, simulator.Delivered.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task The_failure_handler_sees_each_AddAsync_failure_and_its_exceptions_never_stop_the_producer()
    {
        var simulator = new ShardSimulator(1) { EntryError = r => r.PartitionKey.StartsWith("bad", StringComparison.Ordinal) ? "AccessDeniedException" : null };
        var logger = new CapturingLogger();
        var seen = new List<string>();
        var producer = Fast.Producer(simulator, o =>
        {
            o.AggregationEnabled = false;
            o.Logger = logger;
            o.OnRecordFailed = async failure =>
            {
                await Task.Yield();
                lock (seen)
                {
                    seen.Add(failure.PartitionKey);
                }

                throw new InvalidOperationException("handler bug");
            };
        });

        for (var i = 0; i < 4; i++)
        {
            await producer.AddAsync("bad-" + i, new byte[] { 1 });
            await producer.AddAsync("good-" + i, new byte[] { 2 });
        }

        await producer.DisposeAsync(); // the handler observed the failures: nothing to throw

        Assert.Equal(Enumerable.Range(0, 4).Select(i => "bad-" + i), seen.Order());
        Assert.Equal(4, simulator.Delivered.Count);
        Assert.Equal(4, logger.Entries.Count(e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException));
    }

    [Fact]
    public async Task FlushAsync_waits_for_the_failure_handler()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => "AccessDeniedException" };
        var release = new TaskCompletionSource();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var producer = Fast.Producer(simulator, o => o.OnRecordFailed = _ =>
        {
            called.TrySetResult();
            return release.Task;
        });
        await producer.AddAsync("k", new byte[] { 1 });

        var flush = producer.FlushAsync();
        await called.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the record failed and its handler runs
        Assert.False(flush.IsCompleted);
        release.SetResult();
        await flush;
    }

    [Fact]
    public async Task A_cancelled_FlushAsync_stops_waiting_but_the_records_still_go()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Fast.Producer(simulator);
        await producer.AddAsync("k", new byte[] { 1 });
        using var cancellation = new CancellationTokenSource();
        var flush = producer.FlushAsync(cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush);

        simulator.Resume();
        await producer.FlushAsync();
        Assert.Single(simulator.Delivered);
    }

    [Fact]
    public async Task A_PutAsync_whose_wait_is_cancelled_still_sends_and_reports_its_failure_elsewhere()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        var producer = Fast.Producer(simulator);
        using var cancellation = new CancellationTokenSource();
        var delivered = producer.PutAsync("will-arrive", new byte[] { 1 }, cancellationToken: cancellation.Token);
        await Fast.Until(() => simulator.PutRecordsCalls > 0);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivered);
        simulator.Resume();
        await producer.FlushAsync();
        Assert.Single(simulator.Delivered);

        simulator.EntryError = _ => "AccessDeniedException";
        using var second = new CancellationTokenSource();
        var failing = producer.PutAsync("will-fail", new byte[] { 2 }, cancellationToken: second.Token);
        second.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => failing);
        var exception = await Assert.ThrowsAsync<AggregateException>(() => producer.DisposeAsync().AsTask());
        Assert.Equal("will-fail", ((KinesisRecordFailedException)Assert.Single(exception.InnerExceptions)).Failure.PartitionKey);
    }

    [Fact]
    public async Task Concurrent_callers_and_a_dispose_leave_no_task_pending()
    {
        var simulator = new ShardSimulator(2) { Latency = TimeSpan.FromMilliseconds(1) };
        var producer = Fast.Producer(simulator, o => o.MaximumBufferedBytes = o.MaxRecordBytes);
        var calls = new List<Task>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                Task call;
                try
                {
                    call = i % 2 == 0 ? producer.PutAsync("w" + w, new byte[100]) : producer.AddAsync("w" + w, new byte[100]).AsTask();
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                lock (calls)
                {
                    calls.Add(call);
                }

                await Task.Yield();
            }
        })).ToList();

        // Dispose while the writers are in full flow (a quarter of their calls made).
        await Fast.Until(() =>
        {
            lock (calls)
            {
                return calls.Count >= 200;
            }
        });
        await producer.DisposeAsync();
        await Task.WhenAll(writers);
        Task[] all;
        lock (calls)
        {
            all = calls.ToArray();
        }

        // Each call either completed successfully or failed with ObjectDisposedException; none hangs.
        await Task.WhenAll(all.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(all, t => Assert.True(t.IsCompletedSuccessfully || t.Exception?.InnerException is ObjectDisposedException, t.Exception?.ToString()));
        Assert.Equal(all.Count(t => t.IsCompletedSuccessfully), simulator.Delivered.Count);
    }
}
