using System.Net.Http;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ResponseInterpreterTests
{
    private static SendResult Sent(int entries, TransportPutResult? result = null, Exception? exception = null)
    {
        var batch = new PutRecordsBatch();
        for (var i = 0; i < entries; i++)
        {
            batch.Add(Records.Entry());
        }

        return new SendResult(batch, TimeSpan.Zero, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), result, exception);
    }

    private static TransportPutResult Results(params TransportRecordResult[] results) => new(results);

    [Fact]
    public void Reads_each_entry_of_a_partly_failed_request()
    {
        var outcomes = ResponseInterpreter.Interpret(Sent(4, Results(
            TransportRecordResult.Success("1", "shard-a"),
            TransportRecordResult.Failure(KinesisErrors.ProvisionedThroughputExceeded, "Rate exceeded"),
            TransportRecordResult.Failure(KinesisErrors.InternalFailure, "oops"),
            TransportRecordResult.Failure("KMSAccessDeniedException", "denied"))));

        Assert.Equal(EntryOutcomeKind.Written, outcomes[0].Kind);
        Assert.Equal("1", outcomes[0].SequenceNumber);
        Assert.Equal("shard-a", outcomes[0].ShardId);

        Assert.Equal(EntryOutcomeKind.Retry, outcomes[1].Kind);
        Assert.True(outcomes[1].IsThrottling);
        Assert.False(outcomes[1].Ambiguous);

        Assert.Equal(EntryOutcomeKind.Retry, outcomes[2].Kind);
        Assert.Equal(KinesisErrorKind.Transient, outcomes[2].ErrorKind);
        Assert.False(outcomes[2].Ambiguous);

        Assert.Equal(EntryOutcomeKind.Fail, outcomes[3].Kind);
        Assert.Equal("KMSAccessDeniedException", outcomes[3].ErrorCode);
    }

    [Fact]
    public void Entries_without_a_result_are_retried_as_possibly_written()
    {
        var outcomes = ResponseInterpreter.Interpret(Sent(3, Results(TransportRecordResult.Success("1", "s"))));
        Assert.Equal(EntryOutcomeKind.Written, outcomes[0].Kind);
        Assert.All(outcomes.Skip(1), o =>
        {
            Assert.Equal(EntryOutcomeKind.Retry, o.Kind);
            Assert.True(o.Ambiguous);
            Assert.Equal(ResponseInterpreter.MissingResultCode, o.ErrorCode);
        });
    }

    [Fact]
    public void A_null_result_a_null_entry_and_an_empty_entry_are_possibly_written()
    {
        Assert.All(ResponseInterpreter.Interpret(Sent(2, result: null)), o => Assert.True(o.Ambiguous && o.Kind == EntryOutcomeKind.Retry));
        var outcomes = ResponseInterpreter.Interpret(Sent(2, Results(null!, new TransportRecordResult(null, "s", null, null))));
        Assert.Equal(ResponseInterpreter.MissingResultCode, outcomes[0].ErrorCode);
        Assert.Equal(ResponseInterpreter.MalformedResultCode, outcomes[1].ErrorCode);
        Assert.All(outcomes, o => Assert.True(o.Ambiguous));
    }

    [Fact]
    public void A_result_list_that_throws_while_read_counts_as_no_results()
    {
        var outcomes = ResponseInterpreter.Interpret(Sent(2, new TransportPutResult(new ThrowingList())));
        Assert.All(outcomes, o => Assert.True(o.Ambiguous && o.Kind == EntryOutcomeKind.Retry));
    }

    private sealed class ThrowingList : IReadOnlyList<TransportRecordResult>
    {
        public int Count => 2;

        public TransportRecordResult this[int index] => throw new InvalidOperationException("broken adapter");

        public IEnumerator<TransportRecordResult> GetEnumerator() => throw new InvalidOperationException("broken adapter");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void Extra_results_are_ignored()
    {
        var outcomes = ResponseInterpreter.Interpret(Sent(1, Results(TransportRecordResult.Success("1", "s"), TransportRecordResult.Success("2", "s"))));
        Assert.Single(outcomes);
    }

    [Theory]
    [InlineData("LimitExceededException", 400, true, true, false)]
    [InlineData("KMSThrottlingException", 400, true, true, false)]
    [InlineData("InternalFailure", 500, true, false, true)]
    [InlineData(null, 503, true, false, true)]
    [InlineData("ResourceNotFoundException", 400, false, false, false)]
    [InlineData("AccessDeniedException", 400, false, false, false)]
    [InlineData("ValidationException", 400, false, false, false)]
    public void A_whole_request_service_error_applies_to_every_entry(string? code, int status, bool retried, bool throttling, bool ambiguous)
    {
        var outcomes = ResponseInterpreter.Interpret(Sent(3, exception: new KinesisTransportException("failed", code, status)));
        Assert.All(outcomes, o =>
        {
            Assert.Equal(retried ? EntryOutcomeKind.Retry : EntryOutcomeKind.Fail, o.Kind);
            Assert.Equal(throttling, o.IsThrottling);
            Assert.Equal(ambiguous, o.Ambiguous);
            Assert.NotNull(o.ErrorCode);
            Assert.IsType<KinesisTransportException>(o.Exception);
        });
    }

    [Fact]
    public void Timeouts_and_network_errors_are_retried_as_possibly_written()
    {
        foreach (var exception in new Exception[] { new TimeoutException(), new IOException(), new HttpRequestException(), new TaskCanceledException() })
        {
            var outcome = ResponseInterpreter.Interpret(Sent(1, exception: exception))[0];
            Assert.Equal(EntryOutcomeKind.Retry, outcome.Kind);
            Assert.True(outcome.Ambiguous);
        }

        Assert.Equal("RequestTimeout", ResponseInterpreter.Interpret(Sent(1, exception: new TimeoutException()))[0].ErrorCode);
    }

    [Fact]
    public void Any_other_exception_fails_the_entries_with_its_type_as_code()
    {
        var outcome = ResponseInterpreter.Interpret(Sent(1, exception: new InvalidOperationException("bug")))[0];
        Assert.Equal(EntryOutcomeKind.Fail, outcome.Kind);
        Assert.Equal(nameof(InvalidOperationException), outcome.ErrorCode);
    }
}
