using System.Net.Http;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>
/// A transport that throws, hangs or answers malformed results never loses a record nor reports one twice:
/// every record is written at least once and its task completes exactly once; possible duplicates are counted.
/// </summary>
public sealed class TransportFaultTests
{
    public static TheoryData<string> Faults() => new()
    {
        "throw-io", "throw-http", "throw-500", "throw-throttling", "throw-after-write", "hang", "hang-until-cancelled",
        "hang-after-write", "short-results", "no-results", "empty-entries",
    };

    private static SimulatedFault Fault(string name) => name switch
    {
        "throw-io" => SimulatedFault.Throw(new IOException("connection reset")),
        "throw-http" => SimulatedFault.Throw(new HttpRequestException("socket")),
        "throw-500" => SimulatedFault.Throw(new KinesisTransportException("Service unavailable", "ServiceUnavailable", 503)),
        "throw-throttling" => SimulatedFault.Throw(new KinesisTransportException("Slow down", "LimitExceededException", 400)),
        "throw-after-write" => SimulatedFault.ThrowAfterWrite(new KinesisTransportException("Internal", "InternalFailure", 500)),
        "hang" => SimulatedFault.Hang(),
        "hang-until-cancelled" => SimulatedFault.HangUntilCancelled(),
        "hang-after-write" => SimulatedFault.HangAfterWrite(),
        "short-results" => SimulatedFault.ShortResults(3),
        "no-results" => SimulatedFault.ShortResults(0),
        "empty-entries" => SimulatedFault.EmptyEntries(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_record_is_written_and_completed_exactly_once(string fault)
    {
        var simulator = new ShardSimulator(2);
        simulator.InjectFaults(Fault(fault), Fault(fault), Fault(fault));
        using var metrics = new MetricRecorder(simulator.StreamName);
        const int Count = 200;
        var completions = new int[Count];
        var tasks = new List<Task<KinesisPutResult>>();
        await using (var producer = Fast.Producer(simulator, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(150);
            o.AggregationEnabled = fault != "short-results";
        }))
        {
            for (var i = 0; i < Count; i++)
            {
                var index = i;
                var task = producer.PutAsync("k" + i, Fast.Payload("k" + i, i));
                _ = task.ContinueWith(_ => Interlocked.Increment(ref completions[index]), TaskScheduler.Default);
                tasks.Add(task);
            }

            var results = await Task.WhenAll(tasks);
            Assert.All(results, r => Assert.NotNull(r.SequenceNumber));
        }

        await Fast.Until(() => completions.All(c => c == 1));
        var delivered = simulator.Delivered.Select(Fast.IndexOf).ToList();
        Assert.Equal(Enumerable.Range(0, Count), delivered.Distinct().Order());
        var duplicates = delivered.Count - Count;
        Assert.True(duplicates <= metrics.Sum("kinesis.producer.records.duplicates_possible"), $"{duplicates} duplicates");
        Assert.True(metrics.Sum("kinesis.producer.records.retried") > 0);
        Assert.Equal(Count, metrics.Sum("kinesis.producer.records.put"));
        Assert.Equal(0, metrics.Sum("kinesis.producer.records.failed"));
    }

    [Fact]
    public async Task A_transport_that_throws_something_unknown_fails_the_records_with_the_exception()
    {
        var simulator = new ShardSimulator(1);
        simulator.InjectFaults(SimulatedFault.Throw(new InvalidOperationException("adapter bug")));
        await using var producer = Fast.Producer(simulator);
        var puts = Enumerable.Range(0, 5).Select(i => producer.PutAsync("k", new byte[] { (byte)i })).ToList();
        await Task.WhenAll(puts.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));

        var failures = puts.Where(p => p.IsFaulted).Select(p => ((KinesisRecordFailedException)p.Exception!.InnerException!).Failure).ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, f =>
        {
            Assert.Equal(nameof(InvalidOperationException), f.ErrorCode);
            Assert.IsType<InvalidOperationException>(f.Exception);
        });
        Assert.Equal(puts.Count - failures.Count, simulator.Delivered.Count);
    }

    [Fact]
    public async Task A_transport_that_hangs_forever_cannot_keep_dispose_waiting_past_the_TTL()
    {
        var simulator = new ShardSimulator(1) { FaultSchedule = _ => SimulatedFault.Hang() };
        var producer = Fast.Producer(simulator, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(50);
            o.RecordTtl = TimeSpan.FromMilliseconds(300);
        });
        var put = producer.PutAsync("k", new byte[] { 1 });
        await producer.AddAsync("k", new byte[] { 2 });

        var disposal = await Assert.ThrowsAsync<AggregateException>(() => producer.DisposeAsync().AsTask());
        var unobserved = Assert.IsType<KinesisRecordFailedException>(Assert.Single(disposal.InnerExceptions));
        Assert.Equal(KinesisErrors.Expired, unobserved.Failure.ErrorCode);
        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => put)).Failure;
        Assert.Equal(KinesisErrors.Expired, failure.ErrorCode);
        Assert.All(failure.Attempts, a => Assert.Equal("RequestTimeout", a.ErrorCode));
        Assert.NotEmpty(failure.Attempts);
    }
}
