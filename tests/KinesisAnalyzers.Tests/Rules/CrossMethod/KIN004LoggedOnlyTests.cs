using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN004IgnoredPutRecordsFailuresAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN004: logging FailedRecordCount is still ignoring the failed entries.</summary>
public class KIN004LoggedOnlyTests
{
    private const string LoggedOnly = "only logged: its failed entries are never retried, thrown, returned or handed to a handler";

    private static string Sender(string body) => Usings + $$"""
        class Sender
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            async Task Send(PutRecordsRequest req)
            {
        {{body}}
            }
        }
        """;

    private static DiagnosticResult Expected() =>
        Verify.Diagnostic(KinesisRules.IgnoredPutRecordsFailures).WithLocation(0).WithArguments("PutRecordsAsync", LoggedOnly);

    [Theory]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; Console.WriteLine($\"{resp.FailedRecordCount} failed\");")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; System.Diagnostics.Trace.TraceWarning(\"failed: \" + resp.FailedRecordCount);")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; if (resp.FailedRecordCount > 0) { Console.Error.WriteLine(\"some records failed\"); }")]
    [InlineData("var resp = await {|#0:client.PutRecordsAsync(req)|}; if (resp.FailedRecordCount > 0) System.Diagnostics.Debug.WriteLine(string.Format(\"{0} failed\", resp.FailedRecordCount));")]
    public Task OnlyLoggingTheCountIsReported(string body) => Verify.VerifyAsync(Sender(body), Expected());

    [Theory]
    [InlineData("var resp = await client.PutRecordsAsync(req); if (resp.FailedRecordCount > 0) { Console.WriteLine(\"failed\"); throw new InvalidOperationException(); }")]
    [InlineData("var resp = await client.PutRecordsAsync(req); Console.WriteLine(resp.FailedRecordCount); if (resp.FailedRecordCount > 0) { await Send(req); }")]
    public Task ActingOnTheFailuresIsNotReported(string body) => Verify.VerifyAsync(Sender(body));
}
