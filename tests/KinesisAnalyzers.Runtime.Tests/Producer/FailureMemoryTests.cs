using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Failed records stay inside the memory bound until their report is handed over.</summary>
public sealed class FailureMemoryTests
{
    private const int RecordBytes = 8 * 1024;
    private const long Buffer = 1024 * 1024;
    private const int Fit = (int)(Buffer / (RecordBytes + 16));

    [Fact]
    public async Task Failures_waiting_for_a_slow_handler_keep_their_buffer_space()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => "AccessDeniedException" };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        using var metrics = new MetricRecorder(simulator.StreamName);
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.MaximumBufferedBytes = Buffer;
            o.BufferFullBehavior = BufferFullBehavior.Fail;
            o.AggregationEnabled = false;
            o.OnRecordFailed = async _ =>
            {
                Interlocked.Increment(ref handled);
                await release.Task;
            };
        });

        for (var i = 0; i < Fit; i++)
        {
            Assert.True(producer.TryAdd("key-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), new byte[RecordBytes]));
        }

        await Fast.Until(() => metrics.Sum("kinesis.producer.records.failed") == Fit);

        // Only the failure the handler holds has been handed over; the others still count against the buffer.
        Assert.True(producer.BufferedBytes >= (Fit - 1) * (long)RecordBytes, $"{producer.BufferedBytes} bytes held by {Fit - 1} queued failures");
        Assert.False(producer.TryAdd("one-more", new byte[RecordBytes * 2]));
        release.SetResult();
        await producer.FlushAsync();
        Assert.Equal(Fit, Volatile.Read(ref handled));
        Assert.Equal(0, producer.BufferedBytes);
    }

    [Fact]
    public async Task Unobserved_failures_keep_payloads_only_up_to_a_bound_and_say_so()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => "AccessDeniedException" };
        using var metrics = new MetricRecorder(simulator.StreamName);
        var producer = Fast.Producer(simulator, o =>
        {
            o.MaximumBufferedBytes = Buffer;
            o.AggregationEnabled = false;
        });

        const int Rounds = 6;
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < Fit / 2; i++)
            {
                await producer.AddAsync($"key-{round}-{i}", new byte[RecordBytes]);
            }

            await Fast.Until(() => metrics.Sum("kinesis.producer.records.failed") == (round + 1) * (Fit / 2));
        }

        var failures = (await Assert.ThrowsAsync<AggregateException>(() => producer.DisposeAsync().AsTask()))
            .InnerExceptions.Cast<KinesisRecordFailedException>().Select(e => e.Failure).ToList();
        Assert.Equal(Rounds * (Fit / 2), failures.Count);
        Assert.True(failures.Sum(f => (long)f.Data.Length) <= Buffer, "payloads kept stay within MaximumBufferedBytes");
        Assert.Contains(failures, f => f.Data.Length == RecordBytes && !f.DataDropped);
        Assert.Contains(failures, f => f.DataDropped && f.Data.IsEmpty);
    }
}
