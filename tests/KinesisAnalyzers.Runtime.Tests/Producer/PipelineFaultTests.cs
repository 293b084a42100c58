using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Even a bug inside the pipeline leaves no caller waiting: every record fails with ProducerFault.</summary>
public sealed class PipelineFaultTests
{
    /// <summary>A clock that throws once on demand, standing in for any internal error of the loop.</summary>
    private sealed class BreakableClock : PipelineClock
    {
        private int _break;

        public void BreakNextRead() => Volatile.Write(ref _break, 1);

        public override TimeSpan Now => Interlocked.Exchange(ref _break, 0) == 1 ? throw new InvalidOperationException("internal bug") : base.Now;
    }

    [Fact]
    public async Task Records_held_when_the_loop_breaks_and_records_added_after_fail_with_ProducerFault()
    {
        var simulator = new ShardSimulator(1);
        var clock = new BreakableClock();
        var logger = new CapturingLogger();
        var producer = new KinesisProducer(simulator, simulator.StreamName, Fast.Options(o =>
        {
            o.RecordMaxBufferedTime = TimeSpan.FromHours(1);
            o.Logger = logger;
        }), clock);

        var held = producer.PutAsync("held", new byte[] { 1 });
        await producer.AddAsync("held-add", new byte[] { 2 });
        // Both records routed to their shard (the map is in): the loop holds them when it breaks.
        await Fast.Until(() => producer.GetBufferedRecordCountsByShard().Values.Sum() == 2);
        clock.BreakNextRead();
        var flush = producer.FlushAsync(); // wakes the loop, whose next clock read throws

        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => held)).Failure;
        Assert.Equal(ProducerPipeline.ProducerFaultCode, failure.ErrorCode);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        var unobserved = await Assert.ThrowsAsync<AggregateException>(() => flush);
        Assert.Equal("held-add", ((KinesisRecordFailedException)Assert.Single(unobserved.InnerExceptions)).Failure.PartitionKey);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Critical);

        var after = producer.PutAsync("after", new byte[] { 3 });
        Assert.Equal(ProducerPipeline.ProducerFaultCode, (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => after)).Failure.ErrorCode);
        await producer.DisposeAsync();
        Assert.Empty(simulator.Delivered);
    }
}
