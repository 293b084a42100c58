using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN005RecordOverLimitAnalyzer, KinesisAnalyzers.CodeFixes.KIN005RecordOverLimitCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN005RecordOverLimitCodeFixTests
{
    private static string Export(string check) => InAsyncMethod($$"""
        var bytes = File.ReadAllBytes("export.csv");
        try
        {
            {{check}}await client.PutRecordAsync(new PutRecordRequest
            {
                StreamName = Stream,
                PartitionKey = "export.csv",
                Data = {{(check.Length == 0 ? "{|KIN005:new MemoryStream(bytes)|}" : "new MemoryStream(bytes)")}},
            });
        }
        catch (ProvisionedThroughputExceededException)
        {
        }
        """);

    private const string Check = """
        if (bytes.Length > 1048576)
                    {
                        throw new ArgumentException("The record data is " + bytes.Length + " bytes; a Kinesis record holds at most 1 MiB (1048576 bytes) of data and partition key.", nameof(bytes));
                    }

                    
        """;

    [Fact]
    public Task SizeCheckNamingTheLimitIsInsertedBeforeThePut() => Verify.VerifyAsync(Export(""), Export(Check));

    [Fact]
    public Task PartitionKeyOverTheLimitHasNoFix() => Verify.VerifyNoFixAsync(InAsyncMethod($$"""
        await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = {|KIN005:"{{new string('k', 300)}}"|}, Data = new MemoryStream(new byte[] { 1 }) });
        """));
}
