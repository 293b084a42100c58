using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Memory is bounded by MaximumBufferedBytes: AddAsync waits (or fails fast), TryAdd refuses.</summary>
public sealed class BackPressureTests
{
    private const int MaxBuffered = 4096;

    private static KinesisProducer Producer(ShardSimulator simulator, Action<KinesisProducerOptions>? configure = null) =>
        Fast.Producer(simulator, o =>
        {
            o.MaxRecordBytes = 1024;
            o.AggregationMaxBytes = 1024;
            o.MaximumBufferedBytes = MaxBuffered;
            configure?.Invoke(o);
        });

    /// <summary>Adds 100-byte records (data plus key) until one has to wait; returns that pending call.</summary>
    private static async Task<(Task Pending, int Accepted)> FillAsync(KinesisProducer producer)
    {
        for (var i = 0; ; i++)
        {
            var add = producer.AddAsync("k" + i.ToString("D3"), Fast.Payload("k", i, padTo: 96)).AsTask();
            if (!add.IsCompleted)
            {
                return (add, i);
            }

            await add;
        }
    }

    [Fact]
    public async Task AddAsync_waits_while_the_buffer_is_full_and_resumes_when_records_complete()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Producer(simulator);

        var (pending, accepted) = await FillAsync(producer);
        Assert.Equal(MaxBuffered / 100, accepted);
        Assert.True(producer.BufferedBytes <= MaxBuffered);
        Assert.False(producer.TryAdd("other", new byte[50]));

        // Whenever the waiting call completes, note whether the simulator had been resumed: it must have been. The
        // producer has sent what it holds (the paused simulator counts the request) before the resume.
        var resumed = 0;
        var completedBeforeResume = pending.ContinueWith(_ => Volatile.Read(ref resumed) == 0, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Fast.Until(() => simulator.PutRecordsCalls > 0);
        Assert.False(pending.IsCompleted);

        Volatile.Write(ref resumed, 1);
        simulator.Resume();
        await pending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(await completedBeforeResume);
        await producer.FlushAsync();
        Assert.Equal(accepted + 1, simulator.Delivered.Count);
        Assert.True(producer.TryAdd("other", new byte[50]));
    }

    [Fact]
    public async Task Buffered_bytes_never_exceed_the_maximum_under_sustained_pressure()
    {
        var simulator = new ShardSimulator(2) { Latency = TimeSpan.FromMilliseconds(2) };
        await using var producer = Producer(simulator);
        var peak = 0L;
        var sampling = true;
        var sampler = Task.Run(async () =>
        {
            while (Volatile.Read(ref sampling))
            {
                peak = Math.Max(peak, producer.BufferedBytes);
                await Task.Yield();
            }
        });

        const int Count = 1500;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < Count; i += 4)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i, padTo: 200));
                peak = Math.Max(peak, producer.BufferedBytes);
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await producer.FlushAsync();
        Volatile.Write(ref sampling, false);
        await sampler;

        Assert.InRange(peak, 1, MaxBuffered);
        Assert.Equal(Enumerable.Range(0, Count), simulator.Delivered.Select(Fast.IndexOf).Order());
    }

    [Fact]
    public async Task With_BufferFullBehavior_Fail_a_full_buffer_throws_at_once()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Producer(simulator, o => o.BufferFullBehavior = BufferFullBehavior.Fail);

        var accepted = 0;
        KinesisBufferFullException? full = null;
        while (full is null)
        {
            try
            {
                await producer.AddAsync("k" + accepted, new byte[98]);
                accepted++;
            }
            catch (KinesisBufferFullException exception)
            {
                full = exception;
            }
        }

        Assert.Equal(MaxBuffered, full.MaximumBufferedBytes);
        Assert.True(full.BufferedBytes + 100 > MaxBuffered);
        Assert.Throws<KinesisBufferFullException>(() => { _ = producer.PutAsync("p", new byte[98]); });
        Assert.Equal(accepted, producer.BufferedRecordCount);
        simulator.Resume();
        await producer.FlushAsync();
        Assert.Equal(accepted, simulator.Delivered.Count);
    }

    [Fact]
    public async Task Cancelling_a_wait_cancels_only_that_call_and_buffers_nothing()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Producer(simulator);
        var (pending, accepted) = await FillAsync(producer);

        using var cancellation = new CancellationTokenSource();
        var cancelled = producer.AddAsync("cancelled", new byte[10], cancellationToken: cancellation.Token).AsTask();
        var cancelledPut = producer.PutAsync("cancelled-put", new byte[10], cancellationToken: cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledPut);
        Assert.Equal(accepted, producer.BufferedRecordCount);

        simulator.Resume();
        await pending;
        await producer.FlushAsync();
        Assert.DoesNotContain(simulator.Delivered, d => d.PartitionKey.StartsWith("cancelled", StringComparison.Ordinal));
        Assert.Equal(accepted + 1, simulator.Delivered.Count);
    }

    [Fact]
    public async Task PutAsync_waits_for_room_too()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Producer(simulator);
        var (pending, _) = await FillAsync(producer);
        var put = producer.PutAsync("waiting-put", new byte[10]);
        var resumed = 0;
        var completedBeforeResume = put.ContinueWith(_ => Volatile.Read(ref resumed) == 0, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Fast.Until(() => simulator.PutRecordsCalls > 0);
        Assert.False(put.IsCompleted);
        Volatile.Write(ref resumed, 1);
        simulator.Resume();
        Assert.Equal(simulator.Shards[0].ShardId, (await put).ShardId);
        Assert.False(await completedBeforeResume);
        await pending;
    }

    [Fact]
    public async Task Disposing_releases_waiting_callers_with_ObjectDisposedException_and_delivers_the_rest()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        var producer = Producer(simulator);
        var (pending, accepted) = await FillAsync(producer);

        var disposal = producer.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        Assert.False(disposal.IsCompleted);

        simulator.Resume();
        await disposal;
        Assert.Equal(accepted, simulator.Delivered.Count);
        Assert.Equal(0, producer.BufferedBytes);
    }
}
