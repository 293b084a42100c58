using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN004IgnoredPutRecordsFailuresAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN004: a PutRecords task or response returned to a caller in the compilation is judged by what the callers do with it.</summary>
public class KIN004ReturnedToCallersTests
{
    private static string Sender(bool marked) => Usings + $$"""
        class Sender
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            public Task<PutRecordsResponse> SendAsync(PutRecordsRequest request) => {{(marked ? "{|#0:" : string.Empty)}}client.PutRecordsAsync(request){{(marked ? "|}" : string.Empty)}};
        }
        """;

    private static DiagnosticResult Expected(string reason) =>
        Verify.Diagnostic(KinesisRules.IgnoredPutRecordsFailures).WithLocation(0).WithArguments("PutRecordsAsync", reason);

    [Fact]
    public Task CallersThatCheckTheResponseAreNotReported() =>
        Verify.VerifyFilesAsync(new[]
        {
            Sender(marked: false),
            Usings + """
                class Pump
                {
                    private readonly Sender sender = new Sender();

                    async Task Flush(PutRecordsRequest request)
                    {
                        var response = await sender.SendAsync(request);
                        if (response.FailedRecordCount > 0)
                        {
                            throw new InvalidOperationException($"{response.FailedRecordCount} records failed");
                        }
                    }

                    // Hands the response on again: judged by its own callers, which check it.
                    async Task<PutRecordsResponse> Relay(PutRecordsRequest request) => await sender.SendAsync(request);

                    async Task<int> Count(PutRecordsRequest request) => (int)(await Relay(request)).FailedRecordCount;
                }
                """,
        });

    [Fact]
    public Task CallerThatDiscardsTheResponseIsReported() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                Sender(marked: true),
                Usings + """
                    class Pump
                    {
                        private readonly Sender sender = new Sender();

                        async Task Checked(PutRecordsRequest request)
                        {
                            var response = await sender.SendAsync(request);
                            if (response.FailedRecordCount > 0) throw new InvalidOperationException();
                        }

                        async Task Flush(PutRecordsRequest request)
                        {
                            await sender.SendAsync(request);
                        }
                    }
                    """,
            },
            Expected("returned to 'Pump.Flush' and there discarded"));

    [Fact]
    public Task CallerTwoLevelsUpThatOnlyLogsIsReported() =>
        Verify.VerifyFilesAsync(
            new[]
            {
                Sender(marked: true),
                Usings + """
                    class Pump
                    {
                        private readonly Sender sender = new Sender();

                        Task<PutRecordsResponse> Relay(PutRecordsRequest request) => sender.SendAsync(request);

                        async Task Flush(PutRecordsRequest request)
                        {
                            var response = await Relay(request);
                            Console.WriteLine($"{response.FailedRecordCount} records failed");
                        }
                    }
                    """,
            },
            Expected("returned to 'Pump.Flush' and there only logged: its failed entries are never retried, thrown, returned or handed to a handler"));

    [Fact]
    public Task RecursiveCallersEnd() =>
        Verify.VerifyAsync(Usings + """
            class Sender
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                Task<PutRecordsResponse> Send(PutRecordsRequest request, int attempts) =>
                    attempts > 0 ? Again(request, attempts) : client.PutRecordsAsync(request);

                Task<PutRecordsResponse> Again(PutRecordsRequest request, int attempts) => Send(request, attempts - 1);
            }
            """);
}
