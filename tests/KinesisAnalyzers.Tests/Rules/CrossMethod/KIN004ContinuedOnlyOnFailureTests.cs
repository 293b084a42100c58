using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN004IgnoredPutRecordsFailuresAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>
/// KIN004: a continuation that runs only when the call fails (OnlyOnFaulted, OnlyOnCanceled, NotOnRanToCompletion)
/// never sees a response, so a response whose entries failed is still ignored; one that also runs on success can.
/// </summary>
public class KIN004ContinuedOnlyOnFailureTests
{
    private const string OnlyOnFailure = "continued only when the call fails: a response with failed entries is never looked at";

    private static string Sender(string body) => Usings + $$"""
        class Sender
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            Task Send(PutRecordsRequest req)
            {
        {{body}}
            }
        }
        """;

    private static DiagnosticResult Expected() =>
        Verify.Diagnostic(KinesisRules.IgnoredPutRecordsFailures).WithLocation(0).WithArguments("PutRecordsAsync", OnlyOnFailure);

    [Theory]
    [InlineData("return {|#0:client.PutRecordsAsync(req)|}.ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);")]
    [InlineData("return {|#0:client.PutRecordsAsync(req)|}.ContinueWith(t => Console.Error.WriteLine(\"cancelled\"), TaskContinuationOptions.OnlyOnCanceled);")]
    [InlineData("return {|#0:client.PutRecordsAsync(req)|}.ContinueWith(t => Console.Error.WriteLine(t.Exception), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);")]
    public Task ContinuationThatNeverSeesAResponseIsReported(string body) => Verify.VerifyAsync(Sender(body), Expected());

    [Theory]
    [InlineData("return client.PutRecordsAsync(req).ContinueWith(t => Console.WriteLine(t.Result.FailedRecordCount > 0 ? throw new InvalidOperationException() : 0));")]
    [InlineData("return client.PutRecordsAsync(req).ContinueWith(t => Handle(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);")]
    public Task ContinuationThatSeesTheResponseIsNotReported(string body) =>
        Verify.VerifyAsync(Sender(body).Replace("    Task Send(", "    static void Handle(PutRecordsResponse response) { }\n\n    Task Send("));
}
