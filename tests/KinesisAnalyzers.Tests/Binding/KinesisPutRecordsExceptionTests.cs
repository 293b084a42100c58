using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>The runtime exception the generated PutRecordsWithRetryAsync throws, on its own.</summary>
public class KinesisPutRecordsExceptionTests
{
    private sealed class Entry
    {
    }

    [Fact]
    public void CarriesTheFailedEntriesAndSummarisesCodesWithoutKeys()
    {
        var first = new Entry();
        var second = new Entry();
        var response = new object();
        var inner = new InvalidOperationException("denied");
        var failed = new[]
        {
            new KinesisFailedEntry(1, "user-42", "ProvisionedThroughputExceededException", "slow down", first),
            new KinesisFailedEntry(4, "user-43", "KMSAccessDeniedException", null, second),
            new KinesisFailedEntry(7, "user-44", "ProvisionedThroughputExceededException", null, new Entry()),
        };

        var exception = new KinesisPutRecordsException(failed, entryCount: 10, attempts: 8, response, inner);

        Assert.Equal(
            "3 of 10 PutRecords entries were not written after 8 attempt(s): ProvisionedThroughputExceededException x2, KMSAccessDeniedException x1.",
            exception.Message);
        Assert.Same(failed, exception.FailedEntries);
        Assert.Equal((10, 8), (exception.EntryCount, exception.Attempts));
        Assert.Same(response, exception.Response);
        Assert.Same(inner, exception.InnerException);
        Assert.Equal(new[] { first, second, failed[2].Entry }, exception.GetFailedEntries<Entry>());
        Assert.Throws<InvalidCastException>(() => exception.GetFailedEntries<string>());
    }

    [Theory]
    [InlineData("ProvisionedThroughputExceededException", true)]
    [InlineData("InternalFailure", true)]
    [InlineData("KMSThrottlingException", true)]
    [InlineData(KinesisPutRecordsException.MissingResultErrorCode, true)]
    [InlineData("KMSAccessDeniedException", false)]
    [InlineData("AccessDeniedException", false)]
    public void FailedEntriesSayWhetherSendingThemAgainMayWork(string code, bool retryable)
    {
        Assert.Equal(retryable, new KinesisFailedEntry(0, "k", code, null, new Entry()).IsRetryable);
    }

    [Fact]
    public void RejectsInconsistentArguments()
    {
        var entry = new KinesisFailedEntry(0, "k", "InternalFailure", null, new Entry());

        Assert.Throws<ArgumentNullException>(() => new KinesisPutRecordsException(null!, 1, 1, null));
        Assert.Throws<ArgumentException>(() => new KinesisPutRecordsException(Array.Empty<KinesisFailedEntry>(), 1, 1, null));
        Assert.Throws<ArgumentException>(() => new KinesisPutRecordsException(new[] { entry, entry }, 1, 1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KinesisFailedEntry(-1, "k", "InternalFailure", null, new Entry()));
        Assert.Throws<ArgumentNullException>(() => new KinesisFailedEntry(0, "k", null!, null, new Entry()));
        Assert.Throws<ArgumentNullException>(() => new KinesisFailedEntry(0, "k", "InternalFailure", null, null!));
    }
}
