using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// The generated PutRecordsWithRetryAsync run against a scripted client, on the SDK v3 and v4 shapes.
/// Error codes per entry are scripted by partition key; call N of the client is answered by the script's Nth run.
/// </summary>
public class PutRecordsWithRetryTests
{
    private const string Throttled = "ProvisionedThroughputExceededException";
    private const string Internal = "InternalFailure";

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ResendsOnlyTheFailedEntriesAndMergesTheResults(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (keys => ++call == 1
            ? new[] { null, Throttled, null, Internal }
            : new string?[keys.Length]);
        var request = binding.Batch("user-a", "user-b", "user-c", "user-d");
        var originalList = binding.RecordsList(request);

        var response = await binding.PutRecordsAsync(client, request);

        Assert.Equal(new[] { "user-a", "user-b", "user-c", "user-d" }, client.PutRecordsKeys[0]);
        Assert.Equal(new[] { "user-b", "user-d" }, client.PutRecordsKeys[1]);
        Assert.Equal(2, client.PutRecordsKeys.Count);
        Assert.Equal(new[] { "user-b-data", "user-d-data" }, client.PutRecordsData[1]);
        Assert.Equal(new long[] { 0, 0 }, client.PutRecordsPositions[1]); // rewound after the fake read them to the end
        Assert.Equal(new[] { "orders", "orders" }, client.PutRecordsStreams);

        Assert.Equal(
            new[]
            {
                "seq-user-a-1|shardId-000000000000|",
                "seq-user-b-2|shardId-000000000000|",
                "seq-user-c-1|shardId-000000000000|",
                "seq-user-d-2|shardId-000000000000|",
            },
            binding.Describe(response!));
        Assert.Equal(0, binding.FailedRecordCount(response!));

        // The caller's request is as it was.
        Assert.Same(originalList, binding.RecordsList(request));
        Assert.Equal(4, binding.EntryCount(request));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task DoesNotRetryPermanentEntryErrorsAndReportsThem(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (keys => ++call == 1
            ? new[] { "KMSAccessDeniedException", Throttled, null }
            : new string?[keys.Length]);
        var request = binding.Batch("user-a", "user-b", "user-c");

        var exception = await Assert.ThrowsAsync<KinesisPutRecordsException>(() => binding.PutRecordsAsync(client, request));

        Assert.Equal(new[] { "user-b" }, client.PutRecordsKeys[1]);
        Assert.Equal(2, client.PutRecordsKeys.Count);
        var failed = Assert.Single(exception.FailedEntries);
        Assert.Equal(0, failed.Index);
        Assert.Equal("user-a", failed.PartitionKey);
        Assert.Equal("KMSAccessDeniedException", failed.ErrorCode);
        Assert.Equal("KMSAccessDeniedException message", failed.ErrorMessage);
        Assert.False(failed.IsRetryable);
        Assert.Same(binding.Entry(request, 0), failed.Entry);
        Assert.Equal(0, binding.Positions(request)[0]); // rewound: ready to be sent again
        Assert.Equal(2, exception.Attempts);
        Assert.Equal(3, exception.EntryCount);
        Assert.Null(exception.InnerException);
        Assert.DoesNotContain("user-", exception.Message, StringComparison.Ordinal); // keys are often user ids: never in messages
        Assert.Contains("KMSAccessDeniedException", exception.Message, StringComparison.Ordinal);

        Assert.Equal(
            new[] { "||KMSAccessDeniedException", "seq-user-b-2|shardId-000000000000|", "seq-user-c-1|shardId-000000000000|" },
            binding.Describe(exception.Response!));
        Assert.Equal(1, binding.FailedRecordCount(exception.Response!));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task GivesUpAfterTheLastAttemptWithTheEntriesThatStillFail(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = (keys => keys.Select(key => key == "user-b" ? Throttled : null).ToArray());
        var request = binding.Batch("user-a", "user-b");

        var exception = await Assert.ThrowsAsync<KinesisPutRecordsException>(() => binding.PutRecordsAsync(client, request, maxAttempts: 3));

        Assert.Equal(3, client.PutRecordsKeys.Count);
        Assert.Equal(new[] { "user-b" }, client.PutRecordsKeys[2]);
        var failed = Assert.Single(exception.FailedEntries);
        Assert.Equal((1, "user-b", Throttled), (failed.Index, failed.PartitionKey, failed.ErrorCode));
        Assert.True(failed.IsRetryable);
        Assert.Equal(3, exception.Attempts);

        // The caller can resend exactly what failed.
        var entryType = binding.Type("Amazon.Kinesis.Model.PutRecordsRequestEntry");
        var resend = (System.Collections.IList)typeof(KinesisPutRecordsException).GetMethod(nameof(KinesisPutRecordsException.GetFailedEntries))!
            .MakeGenericMethod(entryType).Invoke(exception, null)!;
        Assert.Same(binding.Entry(request, 1), Assert.Single(resend.Cast<object>()));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RetriesTheWholeRequestAfterARetryableException(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (keys => ++call switch
        {
            1 => throw new KinesisTransportException("slow down", Throttled, 400),
            2 => throw new KinesisTransportException("oops", Internal, 500),
            _ => new string?[keys.Length],
        });
        var request = binding.Batch("user-a", "user-b");

        var response = await binding.PutRecordsAsync(client, request);

        Assert.Equal(3, client.PutRecordsKeys.Count);
        Assert.All(client.PutRecordsKeys, keys => Assert.Equal(new[] { "user-a", "user-b" }, keys));
        Assert.Equal(new long[] { 0, 0 }, client.PutRecordsPositions[2]);
        Assert.Equal(new[] { "seq-user-a-3|shardId-000000000000|", "seq-user-b-3|shardId-000000000000|" }, binding.Describe(response!));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RethrowsAPermanentWholeRequestFailureUnchanged(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = (_ => throw new KinesisTransportException("no such stream", "ResourceNotFoundException", 400));
        var request = binding.Batch("user-a");

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => binding.PutRecordsAsync(client, request));

        Assert.Single(client.PutRecordsKeys);
        Assert.Same(client.Thrown[0], exception);
        Assert.Equal("ResourceNotFoundException", exception.GetType().Name);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RethrowsTheLastExceptionWhenEveryAttemptThrew(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = (_ => throw new KinesisTransportException("busy", Internal, 500));
        var request = binding.Batch("user-a");

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => binding.PutRecordsAsync(client, request, maxAttempts: 3));

        Assert.Equal(3, client.PutRecordsKeys.Count);
        Assert.Same(client.Thrown[2], exception);
        Assert.Same(binding.RecordsList(request), binding.RecordsList(request)); // still the caller's list
        Assert.Equal(1, binding.EntryCount(request));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ReportsPendingEntriesWhenTheRequestFailsAfterPartialSuccess(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (_ => ++call == 1
            ? new[] { null, Throttled }
            : throw new KinesisTransportException("denied", "AccessDeniedException", 400));
        var request = binding.Batch("user-a", "user-b");

        var exception = await Assert.ThrowsAsync<KinesisPutRecordsException>(() => binding.PutRecordsAsync(client, request));

        // user-a is written, so the SDK exception alone would mislead: it becomes the inner exception.
        Assert.Equal(2, client.PutRecordsKeys.Count);
        Assert.Same(client.Thrown[0], exception.InnerException);
        var failed = Assert.Single(exception.FailedEntries);
        Assert.Equal((1, "user-b", "AccessDeniedException", "denied"), (failed.Index, failed.PartitionKey, failed.ErrorCode, failed.ErrorMessage));
        Assert.Equal(new[] { "seq-user-a-1|shardId-000000000000|", "||AccessDeniedException" }, binding.Describe(exception.Response!));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ResendsEntriesTheResponseSaysNothingAbout(string shape)
    {
        // A null Records (the SDK v4 default) or a short one proves nothing was written: those entries go again.
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (keys => ++call switch
        {
            1 => null,
            2 => new string?[] { null, "null-entry" },
            3 => new string?[] { null },
            _ => new string?[keys.Length],
        });
        var request = binding.Batch("user-a", "user-b", "user-c");

        var response = await binding.PutRecordsAsync(client, request);

        Assert.Equal(new[] { "user-a", "user-b", "user-c" }, client.PutRecordsKeys[1]);
        Assert.Equal(new[] { "user-b", "user-c" }, client.PutRecordsKeys[2]);
        Assert.Equal(new[] { "user-c" }, client.PutRecordsKeys[3]);
        Assert.Equal(4, client.PutRecordsKeys.Count);
        Assert.Equal(
            new[] { "seq-user-a-2|shardId-000000000000|", "seq-user-b-3|shardId-000000000000|", "seq-user-c-4|shardId-000000000000|" },
            binding.Describe(response!));
        Assert.Equal(0, binding.FailedRecordCount(response!));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ReportsEntriesThatNeverGotAResultAsMissing(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = (_ => null);
        var request = binding.Batch("user-a", "user-b");

        var exception = await Assert.ThrowsAsync<KinesisPutRecordsException>(() => binding.PutRecordsAsync(client, request, maxAttempts: 2));

        Assert.Equal(2, client.PutRecordsKeys.Count);
        Assert.Equal(new[] { 0, 1 }, exception.FailedEntries.Select(entry => entry.Index));
        Assert.All(exception.FailedEntries, entry =>
        {
            Assert.Equal(KinesisPutRecordsException.MissingResultErrorCode, entry.ErrorCode);
            Assert.True(entry.IsRetryable);
        });
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task PassesARequestWithoutRecordsThroughOnce(string shape)
    {
        // SDK v4 leaves Records null until set; nothing to retry per entry, the client (service) answers as it would.
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var request = binding.Batch(null);

        var response = await binding.PutRecordsAsync(client, request);

        Assert.Equal(new[] { true }, client.PutRecordsNullRecords);
        Assert.Same(client.LastResponse, response);
        Assert.Null(binding.RecordsList(request));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task StopsWhenCancelledDuringTheBackoff(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        using var cancellation = new CancellationTokenSource();
        client.OnPutRecords = (keys =>
        {
            cancellation.Cancel();
            return new[] { Throttled };
        });
        var request = binding.Batch("user-a");
        var originalList = binding.RecordsList(request);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => binding.PutRecordsAsync(client, request, cancellationToken: cancellation.Token));

        Assert.Single(client.PutRecordsKeys);
        Assert.Same(originalList, binding.RecordsList(request));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ThePublicExtensionMethodRetriesWithTheDefaultBackoff(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = (keys => ++call == 1 ? new[] { null, Throttled } : new string?[keys.Length]);
        var request = binding.Batch("user-a", "user-b");

        var response = await GeneratedBinding.AwaitResult(binding.CallExtension("PutRecordsWithRetryAsync", client.Instance, request, CancellationToken.None));

        Assert.Equal(2, client.PutRecordsKeys.Count);
        Assert.Equal(0, binding.FailedRecordCount(response!));
        Assert.Equal(8, (int)binding.Type("KinesisAnalyzers.Generated.AmazonKinesisRetry").GetField("DefaultMaxAttempts", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RejectsMissingArgumentsAtTheCall(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();

        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => binding.CallExtension("PutRecordsWithRetryAsync", client.Instance, null, CancellationToken.None)).ParamName);
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => binding.CallExtension("PutRecordsWithRetryAsync", null, binding.Batch("k"), CancellationToken.None)).ParamName);
        Assert.Equal("maxAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = binding.PutRecordsAsync(client, binding.Batch("k"), maxAttempts: 0); }).ParamName);
        Assert.Empty(client.PutRecordsKeys);
    }
}
