using KinesisAnalyzers.Tests.Infrastructure;
using static KinesisAnalyzers.Tests.CodeFixes.FixSources;
using Verify = KinesisAnalyzers.Tests.CodeFixes.CodeFixVerifier<KinesisAnalyzers.Rules.KIN005RecordOverLimitAnalyzer, KinesisAnalyzers.CodeFixes.KIN005RecordOverLimitCodeFixProvider>;

namespace KinesisAnalyzers.Tests.CodeFixes;

public class KIN005RecordOverLimitCodeFixTests
{
    private const string Before = """
            async Task SendAsync(string path)
            {
                var bytes = File.ReadAllBytes(path);
                try
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = "export", Data = {|KIN005:new MemoryStream(bytes)|} });
                }
                catch (ProvisionedThroughputExceededException)
                {
                }
            }
        """;

    private const string After = """
            async Task SendAsync(string path)
            {
                var bytes = File.ReadAllBytes(path);
                try
                {
                    if (bytes.Length > 1048576)
                    {
                        throw new ArgumentException("The record data is " + bytes.Length + " bytes; a Kinesis record holds at most 1 MiB (1048576 bytes) of data and partition key.", nameof(bytes));
                    }

                    await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = "export", Data = new MemoryStream(bytes) });
                }
                catch (ProvisionedThroughputExceededException)
                {
                }
            }
        """;

    [Fact]
    public Task FixAllChecksEveryOversizedRecord() => Verify.VerifyAsync(
        InClass(Before + "\n\n" + Before.Replace("SendAsync", "SendAgainAsync")),
        InClass(After + "\n\n" + After.Replace("SendAsync", "SendAgainAsync")),
        fixAll: true);

    [Fact]
    public Task SizeCheckNamingTheLimitIsInsertedBeforeThePut() => Verify.VerifyAsync(InClass(Before), InClass(After));

    // The check enforces the limit KIN005 reports against, read from .editorconfig the same way; a value KIN005
    // ignores (under 1 MiB, the service's minimum) leaves the 1 MiB check.
    [Theory]
    [InlineData("2MiB", "2097152", "2 MiB")]
    [InlineData("512KiB", "1048576", "1 MiB")]
    public Task SizeCheckUsesTheConfiguredRecordLimit(string configured, string bytes, string named) =>
        Verify.VerifyAsync(
            InClass(Before),
            InClass(After.Replace("1048576", bytes).Replace("1 MiB", named)),
            configure: test => test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n[*]\nkinesis_analyzers.max_record_size_bytes = {configured}\n")));

    [Fact]
    public Task PartitionKeyOverTheLimitHasNoFix() => Verify.VerifyNoFixAsync(InAsyncMethod($$"""
        await client.PutRecordAsync(new PutRecordRequest { StreamName = Stream, PartitionKey = {|KIN005:"{{new string('k', 300)}}"|}, Data = new MemoryStream(new byte[] { 1 }) });
        """));
}
