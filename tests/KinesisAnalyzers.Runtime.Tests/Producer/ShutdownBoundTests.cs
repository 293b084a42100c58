using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Tests.Pipeline;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>No wait without a bound: records expire while the first shard map loads, the load itself is bounded, and CloseAsync bounds shutdown.</summary>
public sealed class ShutdownBoundTests
{
    // Only a failing test ever waits this long.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Records_expire_while_the_first_shard_map_load_hangs()
    {
        var transport = new FakeTransport { ListShards = async (_, token) => { await Task.Delay(Timeout.Infinite, token); return null!; } };
        var clock = new ManualPipelineClock();
        await using var producer = new KinesisProducer(transport, "stream", Fast.Options(o =>
        {
            o.RecordTtl = TimeSpan.FromSeconds(1);
            o.RequestTimeout = TimeSpan.FromHours(1);
        }), clock);

        var put = producer.PutAsync("k", new byte[] { 1 });
        await Fast.Until(() => transport.ListShardsCalls == 1);
        clock.Advance(TimeSpan.FromSeconds(2));
        _ = producer.FlushAsync(); // wakes the loop

        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => put.WaitAsync(Guard))).Failure;
        Assert.Equal(KinesisErrors.Expired, failure.ErrorCode);
        Assert.Equal(0, transport.PutRecordsCalls);
    }

    [Fact]
    public async Task A_ListShards_that_pages_without_end_is_cut_off_by_the_load_bound()
    {
        var clock = new ManualPipelineClock();
        var page = 0;
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new FakeTransport
        {
            ListShards = async (_, _) =>
            {
                // The pages start once the record is accepted (at time 0), so its linger is over when the load gives up:
                // the clock moves only here.
                await accepted.Task;

                // Each page takes a second of (pipeline) time and names yet another page.
                clock.Advance(TimeSpan.FromSeconds(1));
                var n = Interlocked.Increment(ref page);
                return new TransportShardPage(Array.Empty<TransportShard>(), "page-" + n);
            },
        };
        await using var producer = new KinesisProducer(transport, "stream", Fast.Options(o => o.RequestTimeout = TimeSpan.FromSeconds(5)), clock);

        var put = producer.PutAsync("k", new byte[] { 1 });
        accepted.SetResult();
        await put.WaitAsync(Guard);
        Assert.InRange(transport.ListShardsCalls, 1, 10);
    }

    [Fact]
    public async Task CloseAsync_with_a_token_fails_what_is_left_when_the_token_fires()
    {
        var transport = new FakeTransport { PutRecords = async (_, token) => { await Task.Delay(Timeout.Infinite, token); return null!; } };
        var producer = new KinesisProducer(transport, "stream", Fast.Options(o =>
        {
            o.RequestTimeout = TimeSpan.FromHours(1);
            o.RecordTtl = TimeSpan.FromHours(2);
        }));
        var put = producer.PutAsync("in-flight", new byte[] { 1 });
        await Fast.Until(() => transport.PutRecordsCalls == 1);

        using var stop = new CancellationTokenSource();
        var close = producer.CloseAsync(stop.Token);
        Assert.False(close.IsCompleted);
        stop.Cancel();
        await close.WaitAsync(Guard);

        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => put)).Failure;
        Assert.Equal(KinesisErrors.ProducerClosed, failure.ErrorCode);
        Assert.Equal(0, producer.BufferedRecordCount);
        await producer.DisposeAsync(); // already closed: returns at once
        Assert.Throws<ObjectDisposedException>(() => producer.TryAdd("late", new byte[] { 1 }));
    }
}
