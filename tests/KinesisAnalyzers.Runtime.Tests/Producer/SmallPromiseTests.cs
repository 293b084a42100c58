using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Tests.Pipeline;
using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Error codes, cancellation and disposal details a caller relies on.</summary>
public sealed class SmallPromiseTests
{
    [Fact]
    public void A_written_entry_with_an_empty_error_code_counts_as_written()
    {
        var batch = new PutRecordsBatch();
        batch.Add(Records.Entry());
        var sent = new SendResult(batch, TimeSpan.Zero, DateTimeOffset.UtcNow, TimeSpan.Zero, new TransportPutResult(new[] { new TransportRecordResult("42", "shardId-000000000000", "", "") }), null);

        var outcome = Assert.Single(ResponseInterpreter.Interpret(sent));
        Assert.Equal(EntryOutcomeKind.Written, outcome.Kind);
        Assert.True(new TransportRecordResult("42", "s", "", null).Succeeded);
    }

    [Fact]
    public void HTTP_408_is_transient() =>
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new KinesisTransportException("Request Timeout", "SomethingNew", 408)));

    [Fact]
    public void A_transport_cancellation_is_transient_whichever_type_it_has()
    {
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new OperationCanceledException()));
        Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(new TaskCanceledException()));
    }

    [Fact]
    public async Task A_transport_OperationCanceledException_is_retried_and_the_record_written()
    {
        var simulator = new ShardSimulator(1);
        simulator.InjectFaults(SimulatedFault.Throw(new OperationCanceledException("the transport gave up")));
        await using var producer = Fast.Producer(simulator);

        var result = await producer.PutAsync("k", new byte[] { 1 });
        Assert.Equal(2, result.Attempts);
        Assert.Single(simulator.Delivered);
    }

    [Fact]
    public async Task A_second_DisposeAsync_does_not_throw_the_failures_again()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => "AccessDeniedException" };
        var producer = Fast.Producer(simulator);
        await producer.AddAsync("bad", new byte[] { 1 });

        await Assert.ThrowsAsync<AggregateException>(() => producer.DisposeAsync().AsTask());
        await producer.DisposeAsync();
    }

    [Fact]
    public async Task PutAsync_cancelled_while_waiting_for_buffer_space_says_nothing_was_buffered()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Fast.Producer(simulator, o => o.MaximumBufferedBytes = o.MaxRecordBytes);
        var first = producer.PutAsync("k", new byte[KinesisProducerOptions.DefaultMaxRecordBytes - 1]);
        using var cancel = new CancellationTokenSource();
        var second = producer.PutAsync("k2", new byte[] { 2 }, cancellationToken: cancel.Token);
        cancel.Cancel();

        var exception = await Assert.ThrowsAsync<KinesisPutCanceledException>(() => second);
        Assert.False(exception.RecordBuffered);
        Assert.Equal(cancel.Token, exception.CancellationToken);
        Assert.Equal(1, producer.BufferedRecordCount);
        simulator.Resume();
        await first;
    }

    [Fact]
    public async Task PutAsync_cancelled_after_buffering_says_the_record_is_still_in_flight()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        await using var producer = Fast.Producer(simulator);
        using var cancel = new CancellationTokenSource();
        var put = producer.PutAsync("k", new byte[] { 1 }, cancellationToken: cancel.Token);
        await Fast.Until(() => simulator.PutRecordsCalls == 1);
        cancel.Cancel();

        var exception = await Assert.ThrowsAsync<KinesisPutCanceledException>(() => put);
        Assert.True(exception.RecordBuffered);
        Assert.Contains("still", exception.Message, StringComparison.Ordinal);
        simulator.Resume();
        await producer.FlushAsync();
        Assert.Single(simulator.Delivered);
    }
}
