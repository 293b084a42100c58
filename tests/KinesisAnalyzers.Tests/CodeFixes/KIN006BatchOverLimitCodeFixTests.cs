using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN006BatchOverLimitAnalyzer, KinesisAnalyzers.CodeFixes.KIN006BatchOverLimitCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN006BatchOverLimitCodeFixTests
{
    private static string Batch(string send) => InAsyncMethod(BatchBody(send));

    private static string BatchBody(string send) => $$"""
        var request = new PutRecordsRequest
        {
            StreamName = Stream,
            Records = orders.Select(order => new PutRecordsRequestEntry
            {
                PartitionKey = order.Id,
                Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
            }).ToList(),
        };
        {{send}}
        """;

    [Fact]
    public Task RequestIsSentInBatchesOf500() => Verify.VerifyAsync(
        Batch("await {|KIN006:client.PutRecordsAsync(request, token)|};"),
        Batch("await client.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records, token);"));

    [Fact]
    public Task FixAllSplitsEveryOversizedBatch() => Verify.VerifyAsync(
        InAsyncMethod("{\n" + BatchBody("await {|KIN006:client.PutRecordsAsync(request)|};") + "\n}\n{\n" + BatchBody("await {|KIN006:client.PutRecordsAsync(request, token)|};") + "\n}"),
        InAsyncMethod("{\n" + BatchBody("await client.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records);") + "\n}\n{\n" + BatchBody("await client.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records, token);") + "\n}"),
        fixAll: true);

    // dotnet format may apply KIN004's rename first; the request still carries every entry.
    [Fact]
    public Task PutRecordsWithRetryAsyncIsSentInBatchesOf500() => Verify.VerifyAsync(
        Batch("await {|KIN006:client.PutRecordsWithRetryAsync(request, token)|};"),
        Batch("await client.PutRecordsInBatchesWithRetryAsync(request.StreamName, request.Records, token);"));

    [Fact]
    public Task ResponseThatIsReadHasNoFix() => Verify.VerifyNoFixAsync(
        Batch("var response = await {|KIN006:client.PutRecordsAsync(request)|}; Console.WriteLine(response.FailedRecordCount);"));
}
