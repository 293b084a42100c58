using KinesisAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = KinesisAnalyzers.Tests.Infrastructure.AnalyzerVerifier<KinesisAnalyzers.Rules.KIN006BatchOverLimitAnalyzer>;
using static KinesisAnalyzers.Tests.Infrastructure.TestSources;

namespace KinesisAnalyzers.Tests.Rules;

public class KIN006BatchOverLimitTests
{
    private static DiagnosticResult Diagnostic(int location) =>
        Verify.Diagnostic(KinesisRules.BatchOverLimit).WithLocation(location);

    private static DiagnosticResult Unbounded(int location, string source) =>
        Diagnostic(location).WithArguments($"gets an entry for every element of '{source}', and nothing (Chunk, Take or a count check) keeps them to 500");

    // ---- Built from a sequence nothing bounds ----

    [Theory]
    [InlineData("IEnumerable<string>")]
    [InlineData("List<string>")]
    [InlineData("string[]")]
    [InlineData("IReadOnlyCollection<string>")]
    public async Task SelectToListOverParameterIsReported(string parameterType)
    {
        var source = Usings + $$"""
            class C
            {
                async Task Send(IAmazonKinesis kinesis, {{parameterType}} items)
                {
                    var request = new PutRecordsRequest
                    {
                        StreamName = "s",
                        Records = items.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream(Encoding.UTF8.GetBytes(item)) }).ToList(),
                    };
                    await {|#0:kinesis.PutRecordsAsync(request)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "items"));
    }

    [Fact]
    public async Task ForeachAddWithoutBoundIsReported()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest { StreamName = "s", Records = new List<PutRecordsRequestEntry>() };
                    foreach (var item in items)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() });
                    }

                    await {|#0:kinesis.PutRecordsAsync(request)|};
                }

                void SendSync(IAmazonKinesis kinesis, string[] items)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    for (var i = 0; i < items.Length; i++)
                    {
                        entries.Add(new PutRecordsRequestEntry { PartitionKey = items[i], Data = new MemoryStream() });
                    }

                    {|#1:kinesis.PutRecords(new PutRecordsRequest { StreamName = "s", Records = entries })|};
                }

                async Task ForEachLambda(IAmazonKinesis kinesis, List<string> items)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    items.ForEach(item => entries.Add(new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() }));
                    await {|#2:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = entries })|};
                }

                async Task SourceListBuiltInLoop(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var keys = new List<string>();
                    foreach (var item in items)
                    {
                        keys.Add(item.ToUpperInvariant());
                    }

                    await {|#3:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = keys.Select(k => new PutRecordsRequestEntry { PartitionKey = k }).ToList() })|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "items"), Unbounded(1, "items"), Unbounded(2, "items"), Unbounded(3, "items"));
    }

    [Fact]
    public async Task AddRangeOfUnboundedSequenceIsReported()
    {
        var source = Usings + """
            class C
            {
                private readonly List<PutRecordsRequestEntry> _pending = new();

                async Task Send(IAmazonKinesis kinesis, IEnumerable<PutRecordsRequestEntry> entries)
                {
                    var request = new PutRecordsRequest { StreamName = "s", Records = new List<PutRecordsRequestEntry>() };
                    request.Records.AddRange(entries);
                    await {|#0:kinesis.PutRecordsAsync(request)|};
                }

                async Task SendPending(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { StreamName = "s", Records = new List<PutRecordsRequestEntry>() };
                    request.Records.AddRange(_pending);
                    await {|#1:kinesis.PutRecordsAsync(request)|};
                }

                async Task SendLoaded(IAmazonKinesis kinesis, Func<Task<List<string>>> load)
                {
                    var lines = await load();
                    var request = new PutRecordsRequest { Records = lines.Select(l => new PutRecordsRequestEntry { PartitionKey = l }).ToList() };
                    await {|#2:kinesis.PutRecordsAsync(request)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "entries"), Unbounded(1, "_pending"), Unbounded(2, "load()"));
    }

    [Fact]
    public async Task NestedCollectionsAndSelectManyAreReported()
    {
        var source = Usings + """
            record Order(string Id, List<string> Lines);

            class C
            {
                async Task PerOrder(IAmazonKinesis kinesis, IEnumerable<Order> orders)
                {
                    foreach (var order in orders.Take(10))
                    {
                        var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                        foreach (var line in order.Lines)
                        {
                            request.Records.Add(new PutRecordsRequestEntry { PartitionKey = line });
                        }

                        await {|#0:kinesis.PutRecordsAsync(request)|};
                    }
                }

                async Task Flattened(IAmazonKinesis kinesis, Order[] orders)
                {
                    var request = new PutRecordsRequest
                    {
                        Records = orders.Take(100).SelectMany(o => o.Lines).Select(l => new PutRecordsRequestEntry { PartitionKey = l }).ToList(),
                    };
                    await {|#1:kinesis.PutRecordsAsync(request)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "order.Lines"), Unbounded(1, "orders.Take(100).SelectMany(o => o.Lines)"));
    }

    // ---- A constant count over 500 ----

    [Fact]
    public async Task ConstantCountsOver500AreReported()
    {
        var source = Usings + """
            class C
            {
                async Task Range(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest
                    {
                        Records = Enumerable.Range(0, 1000).Select(i => new PutRecordsRequestEntry { PartitionKey = i.ToString() }).ToList(),
                    };
                    await {|#0:kinesis.PutRecordsAsync(request)|};
                }

                async Task Array(IAmazonKinesis kinesis)
                {
                    var entries = new PutRecordsRequestEntry[600];
                    for (var i = 0; i < entries.Length; i++)
                    {
                        entries[i] = new PutRecordsRequestEntry { PartitionKey = i.ToString() };
                    }

                    await {|#1:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>(entries) })|};
                }

                void ForLoop(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    for (int i = 0; i <= 500; i++)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = i.ToString() });
                    }

                    {|#2:kinesis.PutRecords(request)|};
                }

                void ForLoopDeclaredBefore(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    int i;
                    for (i = 100; i < 700; i += 1)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = i.ToString() });
                    }

                    {|#8:kinesis.PutRecords(request)|};
                }

                void ForLoopOf500FromOffset(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    for (var i = 1000; i < 1500; i++)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = i.ToString() });
                    }

                    kinesis.PutRecords(request);
                }

                async Task BigChunks(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    foreach (var chunk in items.Chunk(1000))
                    {
                        await {|#3:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = chunk.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() })|};
                    }
                }

                Task BigChunksInParallel(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                    Task.WhenAll(items.Chunk(600).Select(chunk =>
                        {|#9:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = chunk.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() })|}));

                async Task BigTake(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    await {|#4:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Take(800).Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() })|};
                }

                async Task Filtered(IAmazonKinesis kinesis)
                {
                    await {|#5:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = Enumerable.Range(0, 2000).Where(i => i % 3 == 0).Select(i => new PutRecordsRequestEntry { PartitionKey = i.ToString() }).ToList() })|};
                }

                async Task TwoHalves(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    request.Records.AddRange(Enumerable.Repeat(new PutRecordsRequestEntry(), 300));
                    request.Records.InsertRange(0, Enumerable.Repeat(new PutRecordsRequestEntry(), 300));
                    await {|#6:kinesis.PutRecordsAsync(request)|};
                }

                async Task ParallelAdds(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    System.Threading.Tasks.Parallel.ForEach(items, item =>
                    {
                        lock (request) request.Records.Insert(0, new PutRecordsRequestEntry { PartitionKey = item });
                    });
                    await {|#7:kinesis.PutRecordsAsync(request)|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Diagnostic(0).WithArguments("holds 1,000 entries"),
            Diagnostic(1).WithArguments("holds 600 entries"),
            Diagnostic(2).WithArguments("holds 501 entries"),
            Diagnostic(3).WithArguments("can hold up to 1,000 entries"),
            Diagnostic(4).WithArguments("can hold up to 800 entries"),
            Diagnostic(5).WithArguments("can hold up to 2,000 entries"),
            Diagnostic(6).WithArguments("holds 600 entries"),
            Unbounded(7, "items"),
            Diagnostic(8).WithArguments("holds 600 entries"),
            Diagnostic(9).WithArguments("can hold up to 600 entries"));
    }

    [Fact]
    public async Task MessageNamesTheLimit()
    {
        var source = Usings + """
            class C
            {
                Task Send(IAmazonKinesis kinesis) =>
                    {|#0:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = Enumerable.Range(0, 501).Select(i => new PutRecordsRequestEntry()).ToList() })|};
            }
            """;
        await Verify.VerifyAsync(source, Diagnostic(0).WithMessage("The PutRecords request holds 501 entries; PutRecords accepts at most 500 entries"));
    }

    // ---- Not reported: bounded batches ----

    [Fact]
    public async Task ChunkedAndTakenSequencesAreNotReported()
    {
        var source = Usings + """
            class C
            {
                async Task Chunked(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    foreach (var chunk in items.Chunk(500))
                    {
                        var request = new PutRecordsRequest { Records = chunk.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() };
                        await kinesis.PutRecordsAsync(request);
                    }
                }

                Task ChunksInParallel(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                    Task.WhenAll(items.Chunk(500).Select(chunk =>
                        kinesis.PutRecordsAsync(new PutRecordsRequest { Records = chunk.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() })));

                Task ChunksParallelForEach(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                    Parallel.ForEachAsync(items.Chunk(500), async (chunk, ct) =>
                        await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = chunk.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() }, ct));

                // A callback's parameter is whatever its callers pass.
                Func<string[], Task> Sender(IAmazonKinesis kinesis) =>
                    batch => kinesis.PutRecordsAsync(new PutRecordsRequest { Records = batch.Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() });

                async Task ChunkedAdds(IAmazonKinesis kinesis, List<string> items)
                {
                    foreach (var chunk in items.Chunk(250))
                    {
                        var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                        foreach (var item in chunk)
                        {
                            request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        }

                        kinesis.PutRecords(request);
                    }
                }

                Task Taken(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Take(500).Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() });

                Task TakenVariable(IAmazonKinesis kinesis, IEnumerable<string> items, int batchSize) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Take(batchSize).Select(c => new PutRecordsRequestEntry { PartitionKey = c }).ToList() });

                Task SmallRange(IAmazonKinesis kinesis) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { Records = Enumerable.Range(0, 500).Select(i => new PutRecordsRequestEntry { PartitionKey = i.ToString() }).ToList() });

                Task TakeOfSmall(IAmazonKinesis kinesis) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { Records = Enumerable.Range(0, 100).Take(1000).Select(i => new PutRecordsRequestEntry()).ToList() });

                async Task Loop500(IAmazonKinesis kinesis)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    for (var i = 0; i < 500; i++)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = i.ToString() });
                    }

                    await kinesis.PutRecordsAsync(request);
                }

                async Task SourceListOf100(IAmazonKinesis kinesis)
                {
                    var keys = new List<string>();
                    for (var i = 0; i < 100; i++)
                    {
                        keys.Add(i.ToString());
                    }

                    keys.AddRange(new[] { "a", "b" });
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = keys.Select(k => new PutRecordsRequestEntry { PartitionKey = k }).ToList() });
                }

                Task Initializer(IAmazonKinesis kinesis, MemoryStream a, MemoryStream b) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest
                    {
                        Records = { new PutRecordsRequestEntry { PartitionKey = "a", Data = a }, new PutRecordsRequestEntry { PartitionKey = "b", Data = b } },
                    });
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task CountChecksAreNotReported()
    {
        var source = Usings + """
            class C
            {
                async Task Guarded(IAmazonKinesis kinesis, List<string> items)
                {
                    if (items.Count > 500) throw new ArgumentException("at most 500 items", nameof(items));
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                }

                async Task GuardedArray(IAmazonKinesis kinesis, string[] items)
                {
                    if (items.Length > 500) return;
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                }

                async Task GuardedEnumerable(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(items.Count(), 500);
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                }

                async Task FlushAt500(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    foreach (var item in items)
                    {
                        entries.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        if (entries.Count == 500)
                        {
                            await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = entries });
                            entries = new List<PutRecordsRequestEntry>();
                        }
                    }

                    if (entries.Count > 0)
                    {
                        await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = entries });
                    }
                }

                async Task FlushOnRequest(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    foreach (var item in items)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        if (request.Records.Count >= 500)
                        {
                            await kinesis.PutRecordsAsync(request);
                            request.Records.Clear();
                        }
                    }

                    await kinesis.PutRecordsAsync(request);
                }

                async Task PropertyPatternGuard(IAmazonKinesis kinesis, IReadOnlyList<string> items)
                {
                    if (items is { Count: > 500 }) return;
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                }

                async Task RelationalPatternGuard(IAmazonKinesis kinesis, IReadOnlyList<string> items)
                {
                    if (items.Count is > 500 and < 100_000) return;
                    await kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                }

                async Task ParallelAdds(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    System.Threading.Tasks.Parallel.ForEach(items.Take(200), item =>
                    {
                        lock (request) request.Records.Insert(0, new PutRecordsRequestEntry { PartitionKey = item });
                    });
                    await kinesis.PutRecordsAsync(request);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task EmptinessChecksDoNotBoundTheBatch()
    {
        var source = Usings + """
            class C
            {
                async Task Send(IAmazonKinesis kinesis, List<string> items)
                {
                    if (items.Count == 0) return;
                    if (items.Count > 0)
                    {
                        await {|#0:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() })|};
                    }
                }

                async Task CheckedAfter(IAmazonKinesis kinesis, List<string> items)
                {
                    await {|#1:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() })|};
                    if (items.Count > 500) Console.WriteLine("that was too many");
                }

                async Task OtherListChecked(IAmazonKinesis kinesis, List<string> items, List<string> others)
                {
                    if (others.Count > 500) return;
                    await {|#2:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() })|};
                }

                // Either value of the list can be sent: when all is true, every item is.
                async Task ConditionallyNarrowed(IAmazonKinesis kinesis, List<string> items, bool all)
                {
                    var selected = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList();
                    if (!all) selected = selected.Take(10).ToList();
                    await {|#3:kinesis.PutRecordsAsync(new PutRecordsRequest { Records = selected })|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "items"), Unbounded(1, "items"), Unbounded(2, "items"), Unbounded(3, "items"));
    }

    [Fact]
    public async Task UnseenOrPerIterationBatchesAreNotReported()
    {
        var source = Usings + """
            class C
            {
                // Built elsewhere: the caller decides how many.
                Task PassedThrough(IAmazonKinesis kinesis, List<PutRecordsRequestEntry> entries) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "s", Records = entries });

                Task RequestParameter(IAmazonKinesis kinesis, PutRecordsRequest request) => kinesis.PutRecordsAsync(request);

                async Task FreshRequestPerItem(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    foreach (var item in items)
                    {
                        var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        await kinesis.PutRecordsAsync(request);
                    }
                }

                async Task SendInsideLoop(IAmazonKinesis kinesis, IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    foreach (var item in items)
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        await kinesis.PutRecordsAsync(request);
                        request.Records.Clear();
                    }
                }

                async Task WhileLoop(IAmazonKinesis kinesis, Queue<string> queue)
                {
                    var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                    while (queue.TryDequeue(out var item))
                    {
                        request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                    }

                    await kinesis.PutRecordsAsync(request);
                }

            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task FirehoseAndLookAlikeMethodsAreNotReported()
    {
        var source = Usings + """
            class Uploader
            {
                public Task PutRecordsAsync(PutRecordsRequest request) => Task.CompletedTask;
                public Task PutRecordAsync(PutRecordsRequest request) => Task.CompletedTask;
            }

            class C
            {
                async Task Send(Uploader uploader, Amazon.KinesisFirehose.IAmazonKinesisFirehose firehose, IEnumerable<string> items)
                {
                    await uploader.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
                    await uploader.PutRecordAsync(new PutRecordsRequest { Records = Enumerable.Range(0, 1000).Select(i => new PutRecordsRequestEntry()).ToList() });
                    await firehose.PutRecordBatchAsync(new Amazon.KinesisFirehose.Model.PutRecordBatchRequest
                    {
                        DeliveryStreamName = "d",
                        Records = items.Select(i => new Amazon.KinesisFirehose.Model.Record()).ToList(),
                    });
                    await firehose.PutRecordAsync(new Amazon.KinesisFirehose.Model.PutRecordBatchRequest { Records = items.Select(i => new Amazon.KinesisFirehose.Model.Record()).ToList() });
                }
            }

            namespace Amazon.KinesisFirehose
            {
                public interface IAmazonKinesisFirehose
                {
                    Task<object> PutRecordBatchAsync(Amazon.KinesisFirehose.Model.PutRecordBatchRequest request, CancellationToken cancellationToken = default);
                    Task<object> PutRecordAsync(Amazon.KinesisFirehose.Model.PutRecordBatchRequest request, CancellationToken cancellationToken = default);
                }
            }

            namespace Amazon.KinesisFirehose.Model
            {
                public class Record { public MemoryStream? Data { get; set; } }
                public class PutRecordBatchRequest { public string? DeliveryStreamName { get; set; } public List<Record>? Records { get; set; } }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task ProjectWithoutKinesisCostsNothing()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            class PutRecordsRequestEntry { public string? PartitionKey { get; set; } }
            class PutRecordsRequest { public List<PutRecordsRequestEntry> Records { get; set; } = new(); }
            class Client { public Task PutRecordsAsync(PutRecordsRequest request) => Task.CompletedTask; }

            class C
            {
                Task Send(Client client, IEnumerable<string> items) =>
                    client.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
            }
            """;
        await Verify.VerifyWithoutKinesisAsync(source);
    }

    [Fact]
    public async Task GeneratedCodeIsSkipped()
    {
        const string generated = """
            // <auto-generated/>
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Amazon.Kinesis;
            using Amazon.Kinesis.Model;

            partial class Generated
            {
                Task Send(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = i }).ToList() });
            }
            """;
        await Verify.VerifyAsync("partial class Generated { }", test => test.TestState.Sources.Add(("Generated.g.cs", generated)));
    }

    // ---- Shapes of code ----

    [Fact]
    public async Task TopLevelStatements()
    {
        var source = Usings + """
            IAmazonKinesis kinesis = new AmazonKinesisClient();
            var lines = File.ReadAllLines(args[0]);
            await {|#0:kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "s", Records = lines.Select(l => new PutRecordsRequestEntry { PartitionKey = l }).ToList() })|};

            foreach (var chunk in lines.Chunk(500))
            {
                await kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "s", Records = chunk.Select(l => new PutRecordsRequestEntry { PartitionKey = l }).ToList() });
            }
            """;
        await Verify.VerifyAsync(source, test => test.TestState.OutputKind = OutputKind.ConsoleApplication, Unbounded(0, "File.ReadAllLines(args[0])"));
    }

    [Fact]
    public async Task LocalFunctionsExpressionBodiesAndPartialClasses()
    {
        var source = Usings + """
            partial class Publisher
            {
                private readonly IAmazonKinesis _kinesis = new AmazonKinesisClient();
                private readonly List<string> _events = new();
            }

            partial class Publisher
            {
                public Task PublishAll() => {|#0:_kinesis.PutRecordsAsync(new PutRecordsRequest { Records = _events.Select(e => new PutRecordsRequestEntry { PartitionKey = e }).ToList() })|};

                public async Task PublishLocal(IEnumerable<string> items)
                {
                    await Send(items);

                    Task Send(IEnumerable<string> batch)
                    {
                        var request = new PutRecordsRequest { Records = new List<PutRecordsRequestEntry>() };
                        foreach (var item in batch)
                        {
                            request.Records.Add(new PutRecordsRequestEntry { PartitionKey = item });
                        }

                        return {|#1:_kinesis.PutRecordsAsync(request)|};
                    }
                }

                public Task PublishSubclass(MyClient client, string[] items) =>
                    {|#2:client.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(e => new PutRecordsRequestEntry { PartitionKey = e }).ToList() })|};
            }

            class MyClient : AmazonKinesisClient
            {
            }
            """;
        await Verify.VerifyAsync(source, Unbounded(0, "_events"), Unbounded(1, "batch"), Unbounded(2, "items"));
    }

    [Fact]
    public async Task HalfTypedCodeNeverThrowsOrReportsUnboundCode()
    {
        var sources = new[]
        {
            Usings + "class C { Task M(IAmazonKinesis k, IEnumerable<string> items) => k.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry { PartitionKey = ",
            Usings + "class C { Task M(IAmazonKinesis k, IEnumerable<string> items) => k.PutRecordsAsync(new PutRecordsRequest { Records = items.Selec(i => new PutRecordsRequestEntry()).ToList() }); }",
            Usings + "class C { Task M(IAmazonKinesis k, Missing items) => k.PutRecordsAsync(new PutRecordsRequest { Records = items.Select(i => new PutRecordsRequestEntry()).ToList() }); }",
            Usings + "class C { Task M(IAmazonKinesis k) { foreach (var x in unknown) request.Records.Add(x); return k.PutRecordsAsync(request); } }",
            Usings + "class C { Task M(IAmazonKinesis k) { var r = new PutRecordsRequest(); for (var i = 0; i < ; i++) r.Records.Add(new PutRecordsRequestEntry()); return k.PutRecordsAsync(r); } }",
            Usings + "class C { Task M(IAmazonKinesis k) { var r = new PutRecordsRequest(); foreach (var c in Source().Chunk()) r.Records.AddRange(c); return k.PutRecordsAsync(r); } }",
            Usings + "class C { Task M(IAmazonKinesis k) => k.PutRecordsAsync(new PutRecordsRequest { Records = Enumerable.Range(0, N).Select(i => new PutRecordsRequestEntry()).ToList() }); }",
            Usings + "class C { Task M(IAmazonKinesis k) => k.PutRecordsAsync(new PutRecordsRequest { Records = [.. Enumerable.Range(0, 1000).Select(i => new PutRecordsRequestEntry())] }); }",
            Usings + "class C { Task M(IAmazonKinesis k) => k.PutRecordsAsync(",
        };

        foreach (var source in sources)
        {
            await Verify.VerifyIgnoringCompilerErrorsAsync(source);
        }
    }

    /// <summary>The generated binding's retrying calls: one sends the request as it is, the other splits its entries.</summary>
    public class GeneratedBinding
    {
        // The signatures the binding generator emits (the bodies do not matter: the class is marked generated).
        private const string Binding = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.Kinesis.Model;

            namespace Amazon.Kinesis
            {
                [System.CodeDom.Compiler.GeneratedCode("KinesisAnalyzers", "1.0.0")]
                public static class KinesisAnalyzersExtensions
                {
                    public static Task<PutRecordsResponse> PutRecordsWithRetryAsync(this IAmazonKinesis client, PutRecordsRequest request, CancellationToken cancellationToken = default) =>
                        client.PutRecordsAsync(request, cancellationToken);

                    public static Task<IReadOnlyList<PutRecordsResultEntry>> PutRecordsInBatchesWithRetryAsync(this IAmazonKinesis client, string streamName, IEnumerable<PutRecordsRequestEntry> entries, CancellationToken cancellationToken = default) =>
                        Task.FromResult<IReadOnlyList<PutRecordsResultEntry>>(new List<PutRecordsResultEntry>());
                }
            }
            """;

        [Fact]
        public async Task UnboundedRequestSentWithRetryIsReported()
        {
            var source = Usings + """
                class C
                {
                    Task Send(IAmazonKinesis kinesis, IEnumerable<string> items)
                    {
                        var request = new PutRecordsRequest
                        {
                            StreamName = "s",
                            Records = items.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() }).ToList(),
                        };
                        return {|#0:kinesis.PutRecordsWithRetryAsync(request)|};
                    }
                }
                """;
            await Verify.VerifyFilesAsync(new[] { source, Binding }, Unbounded(0, "items"));
        }

        [Fact]
        public async Task ChunkedRequestSentWithRetryIsNotReported()
        {
            var source = Usings + """
                class C
                {
                    async Task Send(IAmazonKinesis kinesis, IEnumerable<string> items)
                    {
                        foreach (var chunk in items.Chunk(500))
                        {
                            var request = new PutRecordsRequest
                            {
                                StreamName = "s",
                                Records = chunk.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() }).ToList(),
                            };
                            await kinesis.PutRecordsWithRetryAsync(request);
                        }
                    }
                }
                """;
            await Verify.VerifyFilesAsync(new[] { source, Binding });
        }

        [Fact]
        public async Task EntriesSentInBatchesAreNotReported()
        {
            var source = Usings + """
                class C
                {
                    Task Send(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                        kinesis.PutRecordsInBatchesWithRetryAsync("s", items.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() }).ToList());
                }
                """;
            await Verify.VerifyFilesAsync(new[] { source, Binding });
        }

        [Fact]
        public async Task SameNamedMethodOfAnotherClassIsNotReported()
        {
            var source = Usings + """
                static class MyRetry
                {
                    public static Task PutRecordsWithRetryAsync(this IAmazonKinesis client, PutRecordsRequest request) => Task.CompletedTask;
                }

                class C
                {
                    Task Send(IAmazonKinesis kinesis, IEnumerable<string> items) =>
                        kinesis.PutRecordsWithRetryAsync(new PutRecordsRequest { Records = items.Select(item => new PutRecordsRequestEntry { PartitionKey = item }).ToList() });
                }
                """;
            await Verify.VerifyAsync(source);
        }
    }

    /// <summary>A batch-sender whose entries come in through a parameter is judged by its callers in the compilation.</summary>
    public class BoundedByCallers
    {
        private const string Sender = """
            class Sender
            {
                private readonly IAmazonKinesis _kinesis;
                public Sender(IAmazonKinesis kinesis) => _kinesis = kinesis;

                public Task SendBatch(IEnumerable<string> items)
                {
                    var request = new PutRecordsRequest
                    {
                        StreamName = "s",
                        Records = items.Select(item => new PutRecordsRequestEntry { PartitionKey = item, Data = new MemoryStream() }).ToList(),
                    };
                    return {|#0:_kinesis.PutRecordsAsync(request)|};
                }
            }
            """;

        [Fact]
        public async Task EveryCallerPassingChunksOrTakeIsNotReported()
        {
            var callers = Usings + """
                class Callers
                {
                    async Task All(Sender sender, IEnumerable<string> events)
                    {
                        foreach (var chunk in events.Chunk(500))
                        {
                            await sender.SendBatch(chunk);
                        }
                    }

                    Task First(Sender sender, IEnumerable<string> events) => sender.SendBatch(events.Take(100).ToList());

                    Task Parallel(Sender sender, IEnumerable<string> events) =>
                        Task.WhenAll(events.Chunk(250).Select(chunk => sender.SendBatch(chunk)));
                }
                """;
            await Verify.VerifyFilesAsync(new[] { Usings + Sender.Replace("{|#0:", string.Empty).Replace(")|};", ");"), callers });
        }

        [Fact]
        public async Task CallerCheckingTheCountIsNotReported()
        {
            var callers = Usings + """
                class Callers
                {
                    Task Checked(Sender sender, List<string> batch)
                    {
                        if (batch.Count > 500)
                        {
                            throw new ArgumentException("at most 500 records per batch", nameof(batch));
                        }

                        return sender.SendBatch(batch);
                    }
                }
                """;
            await Verify.VerifyFilesAsync(new[] { Usings + Sender.Replace("{|#0:", string.Empty).Replace(")|};", ");"), callers });
        }

        [Fact]
        public async Task OneUnboundedCallerIsReported()
        {
            var callers = Usings + """
                class Callers
                {
                    async Task All(Sender sender, IEnumerable<string> events)
                    {
                        foreach (var chunk in events.Chunk(500))
                        {
                            await sender.SendBatch(chunk);
                        }
                    }

                    Task Everything(Sender sender, IEnumerable<string> events) => sender.SendBatch(events);
                }
                """;
            await Verify.VerifyFilesAsync(new[] { Usings + Sender, callers }, Unbounded(0, "items"));
        }

        [Fact]
        public async Task CallerPassingChunksOfMoreThan500IsReported()
        {
            var callers = Usings + """
                class Callers
                {
                    async Task All(Sender sender, IEnumerable<string> events)
                    {
                        foreach (var chunk in events.Chunk(1000))
                        {
                            await sender.SendBatch(chunk);
                        }
                    }
                }
                """;
            await Verify.VerifyFilesAsync(new[] { Usings + Sender, callers }, Unbounded(0, "items"));
        }

        [Fact]
        public async Task SenderNothingCallsIsReported()
        {
            await Verify.VerifyAsync(Usings + Sender, Unbounded(0, "items"));
        }
    }
}
