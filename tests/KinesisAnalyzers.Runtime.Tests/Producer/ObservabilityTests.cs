using System.Diagnostics;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Metrics, traces and logs: counted right, and never holding payloads or (above Debug) partition keys.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task The_meter_counts_records_bytes_batches_and_aggregation()
    {
        var simulator = new ShardSimulator(2);
        using var metrics = new MetricRecorder(simulator.StreamName);
        const int Count = 400;
        await using (var producer = Fast.Producer(simulator))
        {
            for (var i = 0; i < Count; i++)
            {
                await producer.AddAsync("k" + (i % 10), new byte[50]);
            }

            await producer.FlushAsync();
            metrics.Observe();
            Assert.Equal(0, metrics.Values("kinesis.producer.buffered.records")[^1]);
        }

        Assert.Equal(Count, metrics.Sum("kinesis.producer.records.put"));
        Assert.Equal(Count * 50, metrics.Sum("kinesis.producer.bytes.put"));
        Assert.Equal(simulator.KinesisRecords.Count, metrics.Values("kinesis.producer.user_records_per_kinesis_record").Count);
        Assert.Equal(Count, metrics.Values("kinesis.producer.user_records_per_kinesis_record").Sum());
        Assert.Equal(simulator.PutRecordsCalls, metrics.Values("kinesis.producer.batch.entries").Count);
        Assert.Equal(simulator.KinesisRecords.Count, metrics.Sum("kinesis.producer.batch.entries"));
        Assert.Equal(Count, metrics.Values("kinesis.producer.record.buffered_time").Count);
        Assert.Equal(simulator.PutRecordsCalls, metrics.Sum("kinesis.producer.requests"));
        Assert.Equal(0, metrics.Sum("kinesis.producer.records.failed"));
    }

    [Fact]
    public async Task The_gauges_show_what_is_buffered()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        using var metrics = new MetricRecorder(simulator.StreamName);
        await using var producer = Fast.Producer(simulator);
        await producer.AddAsync("kk", new byte[8]);
        await producer.AddAsync("kk", new byte[8]);
        metrics.Observe();
        Assert.Equal(2, metrics.Values("kinesis.producer.buffered.records")[^1]);
        Assert.Equal(20, metrics.Values("kinesis.producer.buffered.bytes")[^1]);
        simulator.Resume();
    }

    [Fact]
    public async Task Failures_are_counted_with_their_error_code()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => "AccessDeniedException" };
        using var metrics = new MetricRecorder(simulator.StreamName);
        await using var producer = Fast.Producer(simulator, o => o.OnRecordFailed = _ => Task.CompletedTask);
        await producer.AddAsync("k", new byte[1]);
        await producer.AddAsync("k", new byte[1]);
        await producer.FlushAsync();
        Assert.Equal(2, metrics.Sum("kinesis.producer.records.failed"));
        Assert.Equal(0, metrics.Sum("kinesis.producer.records.put"));
    }

    [Fact]
    public async Task Each_request_is_a_PutRecords_activity()
    {
        var simulator = new ShardSimulator(1);
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KinesisProducer.DiagnosticsName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("aws.kinesis.stream_name") == simulator.StreamName)
                {
                    lock (activities)
                    {
                        activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using (var producer = Fast.Producer(simulator))
        {
            await producer.PutAsync("k", new byte[10]);
        }

        var activity = Assert.Single(activities);
        Assert.Equal("PutRecords", activity.OperationName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(1, activity.GetTagItem("kinesis.producer.entries"));
    }

    [Fact]
    public async Task Logs_never_hold_payloads_and_hold_partition_keys_only_at_Debug()
    {
        const string Key = "user-4711-secret";
        const string Payload = "PAYLOAD-MUST-NOT-LEAK";
        var logger = new CapturingLogger();
        var simulator = new ShardSimulator(1)
        {
            EntryError = r => System.Text.Encoding.UTF8.GetString(r.Data.Span).Contains("deny", StringComparison.Ordinal) ? "AccessDeniedException" : null,
        };
        simulator.InjectFaults(
            SimulatedFault.Throw(new KinesisTransportException($"Value '{Key}' at 'partitionKey' failed", "InternalFailure", 500)),
            SimulatedFault.ShortResults(0));
        await using (var producer = Fast.Producer(simulator, o =>
        {
            o.Logger = logger;
            o.AggregationEnabled = false;
            o.OnRecordFailed = _ => throw new InvalidOperationException("handler");
        }))
        {
            await producer.PutAsync(Key, System.Text.Encoding.UTF8.GetBytes(Payload));
            await producer.AddAsync(Key, System.Text.Encoding.UTF8.GetBytes(Payload + "-deny"));
            await producer.FlushAsync();
        }

        var entries = logger.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Id.Name == "RequestFailed");
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Id.Name == "MissingResults");
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Id.Name == "RecordsFailed");
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.Contains(Key, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(Payload, e.Message + e.Exception, StringComparison.Ordinal));
        Assert.All(entries.Where(e => e.Level > LogLevel.Debug), e => Assert.DoesNotContain(Key, e.Message + e.Exception?.Message, StringComparison.Ordinal));
    }
}
