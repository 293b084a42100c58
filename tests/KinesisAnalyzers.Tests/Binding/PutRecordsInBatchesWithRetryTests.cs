using System.Collections;
using System.Reflection;
using KinesisAnalyzers.Binding;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// The generated PutRecordsInBatchesWithRetryAsync (the helper the KIN001 and KIN006 fixes call) against a scripted
/// client on the SDK v3 and v4 shapes: requests within the count and byte limits, one entry per key per request, each
/// request finished (retries included) before the next, and entries taken before a failing source still written.
/// </summary>
public class PutRecordsInBatchesWithRetryTests
{
    private const string Throttled = "ProvisionedThroughputExceededException";

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task SplitsByCountAndNeverPutsTwoEntriesOfAKeyInOneRequest(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = keys => new string?[keys.Length];

        var results = await SendAsync(binding, client, Entries(binding, "a", "b", "c", "d", "a", "e", "a"), maxEntries: 3);

        Assert.Equal(new[] { "a,b,c", "d,a,e", "a" }, client.PutRecordsKeys.Select(keys => string.Join(",", keys)));
        Assert.Equal(new[] { "seq-a-1", "seq-b-1", "seq-c-1", "seq-d-2", "seq-a-2", "seq-e-2", "seq-a-3" }, SequenceNumbers(results));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task SplitsByBytesOfDataAndPartitionKey(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = keys => new string?[keys.Length];

        // Each entry: key "kN" (2 bytes) + data "kN-data" (7 bytes) = 9 bytes; 20 bytes hold two.
        await SendAsync(binding, client, Entries(binding, "k1", "k2", "k3", "k4", "k5"), maxBytes: 20);

        Assert.Equal(new[] { "k1,k2", "k3,k4", "k5" }, client.PutRecordsKeys.Select(keys => string.Join(",", keys)));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ThrottledEntryIsWrittenBeforeTheNextEntryOfItsKeyIsSent(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecords = keys => ++call == 1 ? new[] { null, Throttled } : new string?[keys.Length];

        var results = await SendAsync(binding, client, Entries(binding, "a", "b", "b", "c"));

        // [a, b] with b throttled, b retried alone, then the second b with c.
        Assert.Equal(new[] { "a,b", "b", "b,c" }, client.PutRecordsKeys.Select(keys => string.Join(",", keys)));
        Assert.Equal(new[] { "seq-a-1", "seq-b-2", "seq-b-3", "seq-c-3" }, SequenceNumbers(results));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task EntriesTakenBeforeAFailingSourceAreWrittenThenItsExceptionIsThrown(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = keys => new string?[keys.Length];
        var entries = Entries(binding, "a", "b");
        var failing = typeof(PutRecordsInBatchesWithRetryTests).GetMethod(nameof(ThenThrow), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(entries.GetType().GetGenericArguments()[0])
            .Invoke(null, new[] { entries })!;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(binding, client, failing));

        Assert.Equal("source failed", error.Message);
        Assert.Equal(new[] { "a,b" }, client.PutRecordsKeys.Select(keys => string.Join(",", keys)));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task PermanentFailureStopsBeforeTheLaterRequests(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = keys => keys.Select(k => k == "b" ? "KMSAccessDeniedException" : null).ToArray();

        var error = await Assert.ThrowsAsync<KinesisPutRecordsException>(() => SendAsync(binding, client, Entries(binding, "a", "b", "a", "c")));

        Assert.Equal("b", Assert.Single(error.FailedEntries).PartitionKey);
        Assert.Equal(new[] { "a,b" }, client.PutRecordsKeys.Select(keys => string.Join(",", keys)));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task NullStreamNameIsRejectedAtTheCall(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();

        var error = Assert.Throws<ArgumentNullException>(() => binding.Call(
            RetryExtensionsSource.RetryMetadataName, "PutRecordsInBatchesAsync", client.Instance, null, Entries(binding, "a"), 500, 5L << 20, GeneratedBinding.TinyBackoff, 8, CancellationToken.None));

        Assert.Equal("streamName", error.ParamName);
        Assert.Empty(client.PutRecordsKeys);
    }

    private static IEnumerable<T> ThenThrow<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        throw new InvalidOperationException("source failed");
    }

    /// <summary>A List&lt;PutRecordsRequestEntry&gt;, one entry per key, data "key-data".</summary>
    private static object Entries(GeneratedBinding binding, params string[] keys) => binding.RecordsList(binding.Batch(keys))!;

    private static Task<object?> SendAsync(GeneratedBinding binding, ScriptedClient client, object entries, int maxEntries = 500, long maxBytes = 5L << 20) =>
        GeneratedBinding.AwaitResult(binding.Call(
            RetryExtensionsSource.RetryMetadataName, "PutRecordsInBatchesAsync",
            client.Instance, "orders", entries, maxEntries, maxBytes, GeneratedBinding.TinyBackoff, 8, CancellationToken.None));

    private static string[] SequenceNumbers(object? results) =>
        ((IEnumerable)results!).Cast<object>().Select(r => (string)r.GetType().GetProperty("SequenceNumber")!.GetValue(r)!).ToArray();
}
