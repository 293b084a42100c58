using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class BufferGateTests
{
    [Fact]
    public void TryAcquire_takes_room_up_to_the_limit_and_never_waits()
    {
        var gate = new BufferGate(100);
        Assert.True(gate.TryAcquire(60));
        Assert.True(gate.TryAcquire(40));
        Assert.False(gate.TryAcquire(1));
        Assert.Equal(100, gate.UsedBytes);
        gate.Release(40);
        Assert.True(gate.TryAcquire(1));
    }

    [Fact]
    public async Task A_waiter_gets_in_when_room_is_released()
    {
        var gate = new BufferGate(100);
        gate.TryAcquire(100);
        var waiting = gate.AcquireAsync(30, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        gate.Release(20);
        Assert.False(waiting.IsCompleted);
        gate.Release(20);
        await waiting;
        Assert.Equal(90, gate.UsedBytes);
    }

    [Fact]
    public async Task Waiters_get_in_in_arrival_order_and_TryAcquire_does_not_jump_the_queue()
    {
        var gate = new BufferGate(100);
        gate.TryAcquire(100);
        var big = gate.AcquireAsync(80, CancellationToken.None);
        var small = gate.AcquireAsync(10, CancellationToken.None);
        gate.Release(50);
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);
        Assert.False(gate.TryAcquire(10));
        gate.Release(50);
        await Task.WhenAll(big, small);
        Assert.Equal(90, gate.UsedBytes);
    }

    [Fact]
    public async Task Cancelling_a_wait_takes_no_room_and_lets_the_next_waiter_in()
    {
        var gate = new BufferGate(100);
        gate.TryAcquire(50);
        using var cancellation = new CancellationTokenSource();
        var big = gate.AcquireAsync(80, cancellation.Token);
        var small = gate.AcquireAsync(40, CancellationToken.None);
        Assert.False(small.IsCompleted);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        await small;
        Assert.Equal(90, gate.UsedBytes);
        Assert.Equal(0, gate.WaiterCount);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_without_waiting_in_line()
    {
        var gate = new BufferGate(10);
        gate.TryAcquire(10);
        Assert.Throws<OperationCanceledException>(() => { _ = gate.AcquireAsync(5, new CancellationToken(true)); });
        Assert.Equal(0, gate.WaiterCount);
        await gate.AcquireAsync(0, new CancellationToken(true)); // room: no wait, no cancellation
    }

    [Fact]
    public async Task Closing_fails_waiters_and_refuses_further_use()
    {
        var gate = new BufferGate(10);
        gate.TryAcquire(10);
        var waiting = gate.AcquireAsync(5, CancellationToken.None);
        gate.Close();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        Assert.Throws<ObjectDisposedException>(() => gate.TryAcquire(1));
        gate.Release(10); // completing records still give their room back
        Assert.Equal(0, gate.UsedBytes);
    }

    [Fact]
    public async Task Concurrent_use_never_exceeds_the_limit()
    {
        var gate = new BufferGate(1_000);
        var peak = 0L;
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 2_000; i++)
            {
                var bytes = random.Next(1, 300);
                await gate.AcquireAsync(bytes, CancellationToken.None);
                var used = gate.UsedBytes;
                InterlockedMax(ref peak, used);
                gate.Release(bytes);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.InRange(peak, 1, 1_000);
        Assert.Equal(0, gate.UsedBytes);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
