using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN003UnhandledThrottlingAnalyzer>;

namespace KinesisAnalyzers.Tests.Rules.CrossMethod;

/// <summary>KIN003 judged where the exception is lost: not in test projects, not in public library methods left to outside callers.</summary>
public class KIN003WhereTheExceptionIsLostTests
{
    private const string Unhandled = "no enclosing try/catch catches it, so a throttled shard fails the caller and the record is lost";

    private static string Publisher(string modifier) => Usings + $$"""
        {{modifier}} class Publisher
        {
            private readonly IAmazonKinesis client = new AmazonKinesisClient();

            public async Task Send(string key)
            {
                await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() })|};
            }
        }
        """;

    private static DiagnosticResult Expected(int location, string reason = Unhandled) =>
        Verify.Diagnostic(KinesisRules.UnhandledThrottling).WithLocation(location).WithArguments("PutRecordAsync", reason);

    [Fact]
    public Task PublicLibraryMethodNobodyInTheCompilationCallsIsLeftToItsCallers() =>
        Verify.VerifyAsync(Publisher("public").Replace("{|#0:", string.Empty).Replace(")|};", ");"));

    [Fact]
    public Task InternalMethodIsStillReported() =>
        Verify.VerifyAsync(Publisher("internal"), Expected(0));

    [Fact]
    public Task PublicMethodCalledInTheCompilationIsJudgedByItsCaller() =>
        Verify.VerifyAsync(
            Publisher("public") + """

                class Caller
                {
                    Task Run(Publisher publisher) => publisher.Send("k");
                }
                """,
            Expected(0, "it reaches 'Caller.Run', where " + Unhandled));

    [Fact]
    public Task HostedServiceLoopIsAnEntryPointAndIsReported() =>
        Verify.VerifyAsync(
            Usings + """
                namespace Microsoft.Extensions.Hosting
                {
                    public abstract class BackgroundService { protected abstract Task ExecuteAsync(CancellationToken stoppingToken); }
                }

                public sealed class Pump : Microsoft.Extensions.Hosting.BackgroundService
                {
                    private readonly IAmazonKinesis client = new AmazonKinesisClient();

                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        while (!stoppingToken.IsCancellationRequested)
                        {
                            await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = Guid.NewGuid().ToString(), Data = new MemoryStream() })|};
                        }
                    }
                }
                """,
            Expected(0));

    [Fact]
    public Task PublicEventHandlerIsAnEntryPointAndIsReported() =>
        Verify.VerifyAsync(
            Usings + """
                public sealed class Watcher
                {
                    private readonly IAmazonKinesis client = new AmazonKinesisClient();

                    public void OnChanged(object sender, EventArgs e)
                    {
                        {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() })|}.Wait();
                    }
                }
                """,
            Expected(0, "blocking on the task wraps it in AggregateException, which no enclosing catch catches"));

    [Fact]
    public async Task InATestProjectAFailingTestIsTheIntendedOutcome()
    {
        var source = Usings + """
            class PublisherTests
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                async Task SendsOneRecord()
                {
                    await client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() });
                    _ = {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() })|};
                }
            }
            """;
        foreach (var shape in SdkShape.All)
        {
            // Fire-and-forget still loses the failure, even in a test.
            var test = Verify.CreateTest(shape, source, Expected(0, "the task is never awaited, so no catch can see the failure and the record is lost silently"));
            test.TestState.AdditionalReferences.Add(FakeAssembly("xunit.core"));
            await test.RunAsync();
        }
    }

    /// <summary>An empty assembly with the given name: the compilation "references xunit".</summary>
    private static MetadataReference FakeAssembly(string name)
    {
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText("namespace Marker { }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success);
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>A method that lets the exception reach its callers in the compilation is judged by those callers.</summary>
    public class JudgedByTheCaller
    {
        private const string FireAndForget = "the task is never awaited, so no catch can see the failure and the record is lost silently";

        private static string Sender(bool marked = true) => Usings + $$"""
            internal class Publisher
            {
                private readonly IAmazonKinesis client = new AmazonKinesisClient();

                public async Task Send(string key)
                {
                    await {{(marked ? "{|#0:" : string.Empty)}}client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() }){{(marked ? "|}" : string.Empty)}};
                }
            }
            """;

        [Fact]
        public Task CallersThatCatchItAreNotReported() =>
            Verify.VerifyFilesAsync(
                new[]
                {
                    Sender(marked: false),
                    Usings + """
                        class OrdersController
                        {
                            private readonly Publisher publisher = new Publisher();

                            // Forwards the task: judged by its own callers.
                            Task Publish(string key) => publisher.Send(key);

                            async Task<int> Post(string key)
                            {
                                try
                                {
                                    await Publish(key);
                                    return 200;
                                }
                                catch (ProvisionedThroughputExceededException)
                                {
                                    return 503;
                                }
                            }
                        }
                        """,
                });

        [Fact]
        public Task CallerThatDiscardsTheTaskIsReported() =>
            Verify.VerifyFilesAsync(
                new[]
                {
                    Sender(),
                    Usings + """
                        class Handler
                        {
                            private readonly Publisher publisher = new Publisher();

                            async Task Handled(string key)
                            {
                                try { await publisher.Send(key); } catch (ProvisionedThroughputExceededException) { }
                            }

                            void Fire(string key) => _ = publisher.Send(key);
                        }
                        """,
                },
                Expected(0, "it reaches 'Handler.Fire', where " + FireAndForget));

        [Fact]
        public Task MainTwoCallsAboveIsReported() =>
            Verify.VerifyFilesAsync(
                new[]
                {
                    Sender(),
                    Usings + """
                        class Relay
                        {
                            public async Task Forward(Publisher publisher, string key) => await publisher.Send(key);
                        }

                        static class Program
                        {
                            static async Task Main()
                            {
                                await new Relay().Forward(new Publisher(), "k");
                            }
                        }
                        """,
                },
                Expected(0, "it reaches 'Program.Main', where " + Unhandled));

        [Fact]
        public Task ContinuationOnlyOnSuccessIsReported() =>
            Verify.VerifyFilesAsync(
                new[]
                {
                    Sender(),
                    Usings + """
                        class Handler
                        {
                            private readonly Publisher publisher = new Publisher();

                            Task Send(string key) =>
                                publisher.Send(key).ContinueWith(_ => Console.WriteLine("sent"), TaskContinuationOptions.OnlyOnRanToCompletion);
                        }
                        """,
                },
                Expected(0, "it reaches 'Handler.Send', where " + FireAndForget));

        [Fact]
        public Task ContinuationThatSeesFailuresIsNotReported() =>
            Verify.VerifyFilesAsync(
                new[]
                {
                    Sender(marked: false),
                    Usings + """
                        class Handler
                        {
                            private readonly Publisher publisher = new Publisher();

                            Task Send(string key) =>
                                publisher.Send(key).ContinueWith(t => Console.WriteLine(t.IsFaulted ? "failed" : "sent"));
                        }
                        """,
                });

        [Fact]
        public Task TimerCallbackIsReported() =>
            Verify.VerifyAsync(
                Usings + """
                    internal class Ticker
                    {
                        private readonly IAmazonKinesis client = new AmazonKinesisClient();
                        private Timer? timer;

                        void Start() => timer = new Timer(_ => Send(), null, 0, 1000);

                        void Send() =>
                            {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = Guid.NewGuid().ToString(), Data = new MemoryStream() })|}.GetAwaiter().GetResult();

                        void StartDirect() =>
                            timer = new Timer(_ => {|#1:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = "k", Data = new MemoryStream() })|}.GetAwaiter().GetResult(), null, 0, 1000);
                    }
                    """,
                Expected(0, "it reaches 'Ticker.Start', where it escapes a timer or thread callback, where no caller can catch it and the process fails"),
                Expected(1, "it escapes a timer or thread callback, where no caller can catch it and the process fails"));

        [Fact]
        public Task RecursionAndCyclesEnd() =>
            Verify.VerifyAsync(
                Usings + """
                    internal class Retrying
                    {
                        private readonly IAmazonKinesis client = new AmazonKinesisClient();

                        async Task Send(string key, int attempts)
                        {
                            await {|#0:client.PutRecordAsync(new PutRecordRequest { StreamName = "s", PartitionKey = key, Data = new MemoryStream() })|};
                            if (attempts > 0)
                            {
                                await Again(key, attempts - 1);
                            }
                        }

                        Task Again(string key, int attempts) => Send(key, attempts);
                    }
                    """,
                Expected(0, "it reaches 'Retrying.Again', where " + Unhandled));
    }
}
