using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class CompletionReporterTests : IDisposable
{
    private readonly ProducerMetrics _metrics = new("reporter", () => 0, () => 0);
    private readonly CapturingLogger _logger = new();
    private readonly List<UserRecord> _released = new();
    private readonly List<UserRecord> _finished = new();

    public void Dispose() => _metrics.Dispose();

    private CompletionReporter Reporter(FailureHandlerDispatcher? dispatcher = null) =>
        new("reporter", _metrics, _logger, dispatcher, r => { lock (_released) { _released.Add(r); } }, r => { lock (_finished) { _finished.Add(r); } }, unobservedPayloadBound: long.MaxValue);

    private static PutRecordsEntry Aggregate(params UserRecord[] records) =>
        new(records, new TransportRecord("a", "1", new byte[10]), aggregated: true, TimeSpan.Zero);

    [Fact]
    public async Task A_delivered_PutAsync_record_gets_its_sequence_number_shard_and_position()
    {
        var first = Records.User("a", awaitsResult: true);
        var second = Records.User("b", awaitsResult: true);
        first.Attempts = 2;
        second.Attempts = 2;
        Reporter().Delivered(Aggregate(first, second), "seq-1", "shard-9");

        var result = await second.Result!;
        Assert.Equal("seq-1", result.SequenceNumber);
        Assert.Equal("shard-9", result.ShardId);
        Assert.Equal(1, result.SubSequenceNumber);
        Assert.True(result.Aggregated);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(0, (await first.Result!).SubSequenceNumber);
        Assert.Equal(new[] { first, second }, _released);
        Assert.Equal(new[] { first, second }, _finished);
    }

    [Fact]
    public async Task A_record_is_reported_once_however_often_it_completes()
    {
        var record = Records.User("a", awaitsResult: true);
        var entry = Aggregate(record);
        var reporter = Reporter();
        reporter.Delivered(entry, "1", "s");
        reporter.Failed(entry.Records, "Expired", null, null);
        reporter.Delivered(entry, "2", "s");

        Assert.Equal("1", (await record.Result!).SequenceNumber);
        Assert.Single(_released);
        Assert.Single(_finished);
        Assert.Empty(reporter.TakeUnobserved());
    }

    [Fact]
    public async Task A_failed_PutAsync_record_throws_with_the_record_and_its_attempts()
    {
        var record = Records.User("key", 5, explicitHashKey: "9", awaitsResult: true);
        var attempt = new KinesisAttempt(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(4), "ProvisionedThroughputExceededException", "slow down");
        record.AddFailedAttempt(attempt);
        var cause = new InvalidOperationException("cause");
        Reporter().Failed(new[] { record }, "Expired", "ttl", cause);

        var exception = await Assert.ThrowsAsync<KinesisRecordFailedException>(() => record.Result!);
        var failure = exception.Failure;
        Assert.Equal("key", failure.PartitionKey);
        Assert.Equal("9", failure.ExplicitHashKey);
        Assert.Equal(record.Data.ToArray(), failure.Data.ToArray());
        Assert.Equal("Expired", failure.ErrorCode);
        Assert.Equal("ttl", failure.ErrorMessage);
        Assert.Same(cause, failure.Exception);
        Assert.Same(attempt, Assert.Single(failure.Attempts));
        Assert.DoesNotContain("key", exception.Message);
    }

    [Fact]
    public void A_failed_AddAsync_record_without_a_handler_is_kept_for_flush_once()
    {
        var reporter = Reporter();
        var record = Records.User("a");
        reporter.Failed(new[] { record }, "AccessDeniedException", "no", null);

        var unobserved = Assert.Single(reporter.TakeUnobserved());
        Assert.Equal("AccessDeniedException", unobserved.Failure.ErrorCode);
        Assert.Empty(reporter.TakeUnobserved());
        Assert.Equal(new[] { record }, _finished);
    }

    [Fact]
    public async Task A_failed_AddAsync_record_goes_to_the_handler_and_finishes_after_it()
    {
        var handled = new TaskCompletionSource<KinesisRecordFailure>();
        var release = new TaskCompletionSource();
        var dispatcher = new FailureHandlerDispatcher(async failure => { handled.SetResult(failure); await release.Task; }, _logger);
        var reporter = Reporter(dispatcher);
        var record = Records.User("a");
        reporter.Failed(new[] { record }, "Expired", null, null);

        Assert.Equal("Expired", (await handled.Task).ErrorCode);
        Assert.Equal(new[] { record }, _released); // room is back before the handler runs
        Assert.Empty(_finished);
        release.SetResult();
        await Fast.Until(() => { lock (_finished) { return _finished.Count == 1; } });
        Assert.Empty(reporter.TakeUnobserved());
        dispatcher.Complete();
        await dispatcher.Completion;
    }

    [Fact]
    public async Task A_PutAsync_record_whose_wait_was_cancelled_is_reported_like_an_AddAsync_record()
    {
        var record = Records.User("a", awaitsResult: true);
        using var cancellation = new CancellationTokenSource();
        Assert.True(record.TryAbandonWaiter(cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => record.Result!);

        var reporter = Reporter();
        reporter.Failed(new[] { record }, "Expired", null, null);
        Assert.Single(reporter.TakeUnobserved());
    }

    [Fact]
    public void Partition_keys_are_logged_at_Debug_only()
    {
        Reporter().Failed(new[] { Records.User("secret-user-17") }, "Expired", null, new InvalidOperationException("x"));
        Assert.Contains(_logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug && e.Message.Contains("secret-user-17"));
        Assert.All(_logger.Entries.Where(e => e.Level > Microsoft.Extensions.Logging.LogLevel.Debug), e =>
        {
            Assert.DoesNotContain("secret-user-17", e.Message);
            Assert.Null(e.Exception);
        });
    }
}
