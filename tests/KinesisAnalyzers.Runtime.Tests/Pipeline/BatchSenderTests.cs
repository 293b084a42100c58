using System.Diagnostics;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class BatchSenderTests
{
    private static PutRecordsBatch Batch(int entries)
    {
        var batch = new PutRecordsBatch();
        for (var i = 0; i < entries; i++)
        {
            batch.Add(Records.Entry(10 + i));
        }

        return batch;
    }

    [Fact]
    public async Task Sends_the_entries_in_order_to_the_stream_and_returns_the_result()
    {
        IReadOnlyList<TransportRecord>? sent = null;
        var transport = new FakeTransport();
        var inner = transport.PutRecords;
        transport.PutRecords = (records, token) =>
        {
            sent = records;
            return inner(records, token);
        };
        var batch = Batch(3);
        var result = await new BatchSender(transport, "stream", TimeSpan.FromSeconds(5), new PipelineClock()).SendAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Entries.Select(e => e.Record), sent);
        Assert.Same(batch, result.Batch);
        Assert.Null(result.Exception);
        Assert.Equal(3, result.Result!.Records.Count);
        Assert.True(result.Duration >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Never_throws_exceptions_and_timeouts_come_back_in_the_result()
    {
        var sender = (Func<IReadOnlyList<TransportRecord>, CancellationToken, Task<TransportPutResult>> put) =>
            new BatchSender(new FakeTransport { PutRecords = put }, "stream", TimeSpan.FromMilliseconds(50), new PipelineClock()).SendAsync(Batch(1), CancellationToken.None);

        Assert.IsType<IOException>((await sender((_, _) => throw new IOException())).Exception);
        Assert.IsType<IOException>((await sender((_, _) => Task.FromException<TransportPutResult>(new IOException()))).Exception);
        Assert.IsType<TimeoutException>((await sender((_, _) => new TaskCompletionSource<TransportPutResult>().Task)).Exception);
        Assert.IsType<TimeoutException>((await sender(async (_, c) => { await Task.Delay(Timeout.Infinite, c); return null!; })).Exception);
    }

    [Fact]
    public async Task Each_request_is_a_client_activity_marked_as_an_error_when_it_fails()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KinesisProducer.DiagnosticsName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if ((string?)a.GetTagItem("aws.kinesis.stream_name") == "activity-stream")
                {
                    lock (stopped)
                    {
                        stopped.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await new BatchSender(new FakeTransport { PutRecords = (_, _) => throw new IOException() }, "activity-stream", TimeSpan.FromSeconds(5), new PipelineClock()).SendAsync(Batch(2), CancellationToken.None);

        var activity = Assert.Single(stopped);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(2, activity.GetTagItem("kinesis.producer.entries"));
    }
}
