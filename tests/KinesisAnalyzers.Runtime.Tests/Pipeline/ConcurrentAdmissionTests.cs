using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

/// <summary>
/// The buffer gate and the flush tracker take no lock on their per-record paths; under many threads they still never
/// overfill the buffer, never strand a waiter, and complete every flush exactly when its records have left.
/// </summary>
public sealed class ConcurrentAdmissionTests
{
    [Fact]
    public async Task Many_threads_taking_and_giving_back_room_never_exceed_the_limit_nor_strand_a_waiter()
    {
        const long Max = 10_000;
        var gate = new BufferGate(Max);
        var overfilled = 0;
        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            var random = new Random(t);
            for (var i = 0; i < 20_000; i++)
            {
                var bytes = random.Next(1, 3_000);
                if (!gate.TryAcquire(bytes))
                {
                    await gate.AcquireAsync(bytes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
                }

                if (gate.UsedBytes > Max)
                {
                    Interlocked.Increment(ref overfilled);
                }

                gate.Release(bytes);
            }
        })).ToArray();

        await Task.WhenAll(threads);
        Assert.Equal(0, overfilled);
        Assert.Equal(0, gate.UsedBytes);
        Assert.Equal(0, gate.WaiterCount);
    }

    [Fact]
    public async Task Flushes_sealed_while_threads_join_and_leave_complete_once_their_records_left()
    {
        var tracker = new FlushTracker();
        using var stop = new CancellationTokenSource();
        var left = 0L;
        var joined = 0L;
        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var generation = tracker.Join();
                Interlocked.Increment(ref joined);
                tracker.Leave(generation);
                Interlocked.Increment(ref left);
            }
        })).ToArray();

        for (var i = 0; i < 2_000; i++)
        {
            // Every record that joined before the seal leaves at once, so each flush must complete.
            await tracker.Seal().WaitAsync(TimeSpan.FromSeconds(20));
        }

        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.Equal(Interlocked.Read(ref joined), Interlocked.Read(ref left));
        Assert.True(tracker.Seal().IsCompleted);
    }
}
