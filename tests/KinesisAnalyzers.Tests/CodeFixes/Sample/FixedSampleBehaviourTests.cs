using System.Text.RegularExpressions;
using KinesisAnalyzers.CodeFixes;
using KinesisAnalyzers.Rules;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Runtime.Testing;
using Xunit.Abstractions;

namespace KinesisAnalyzers.Tests.CodeFixes.Sample;

/// <summary>
/// The sample's producer methods, before and after <c>dotnet format</c> applied the code fixes
/// (<see cref="FormattedSample"/>), run against the shard simulator: after the fixes every record arrives (duplicates
/// only after ambiguous failures), each key's records in the loop's order, with far fewer requests; what raised
/// before for a real failure still raises; what was lost or raised only because of the mistake no longer is.
/// Orders carry their position as the Total in their data ("Total = i"), so the test can count and order them.
/// </summary>
[Collection(FormattedSampleCollection.Name)]
public class FixedSampleBehaviourTests
{
    private const string Stream = "orders";
    private const string OneByOne = "PublishOneByOne";
    private const string Batch = "PublishBatch";

    private static readonly Dictionary<string, Task<string>> ProducerRewrites = new();

    private readonly FormattedSample _sample;
    private readonly ITestOutputHelper _output;

    public FixedSampleBehaviourTests(FormattedSample sample, ITestOutputHelper output)
    {
        _sample = sample;
        _output = output;
    }

    [Fact]
    public async Task WithinTheLimitsTheBatchedLoopWritesTheSameRecordsInTheSameOrderWithFarFewerRequests()
    {
        // 1,200 orders over 300 ids: each id four times, so order within a key matters.
        var (before, beforeSimulator) = await RunAsync(_sample.BeforeCode, OneByOne, shards: 4, count: 1200, keys: 300);
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, OneByOne, shards: 4, count: 1200, keys: 300);

        Assert.Null(before.Thrown);
        Assert.Null(after.Thrown);
        Assert.Equal(Expected(1200, 300), PerKeyOrder(beforeSimulator));
        Assert.Equal(Expected(1200, 300), PerKeyOrder(afterSimulator));
        Assert.Equal(1200, afterSimulator.DeliveredCount);
        Assert.Equal(1200, before.Requests);
        Assert.True(after.Requests * 50 <= before.Requests, $"{after.Requests} requests after, {before.Requests} before");
    }

    [Fact]
    public async Task WhenThrottledTheLoopStopsHalfwayButTheFixedLoopWritesEveryRecord()
    {
        // One shard takes 1,000 records a second: a loop of 2,500 is throttled.
        var (before, beforeSimulator) = await RunAsync(_sample.BeforeCode, OneByOne, shards: 1, count: 2500, keys: 2500);
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, OneByOne, shards: 1, count: 2500, keys: 2500);

        Assert.Equal("ProvisionedThroughputExceededException", before.Thrown?.GetType().Name);
        Assert.InRange(beforeSimulator.DeliveredCount, 1, 2499);
        Assert.Null(after.Thrown);
        Assert.True(afterSimulator.ThrottledEntries > 0, "the fixed loop was never throttled: the scenario tests nothing");
        Assert.Equal(2500, afterSimulator.DeliveredCount);
        Assert.Equal(Expected(2500, 2500), PerKeyOrder(afterSimulator));
    }

    [Fact]
    public async Task ThrottledEntriesOfABatchWereSilentlyLostAndAreNowRetried()
    {
        // 900 records already written this second leave room for about 100 of the batch's 400.
        var (before, beforeSimulator) = await RunAsync(_sample.BeforeCode, Batch, shards: 1, count: 400, keys: 400, alreadyWritten: 900);
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, Batch, shards: 1, count: 400, keys: 400, alreadyWritten: 900);

        Assert.Null(before.Thrown);
        Assert.True(OrdersDelivered(beforeSimulator) < 400, "nothing was throttled: the scenario tests nothing");
        Assert.Null(after.Thrown);
        Assert.Equal(400, OrdersDelivered(afterSimulator));
        Assert.Equal(Expected(400, 400), PerKeyOrder(afterSimulator));
    }

    [Fact]
    public async Task ABatchOfMoreThan500ThatFailedWholeIsNowSentInRequestsItCanTake()
    {
        var (before, beforeSimulator) = await RunAsync(_sample.BeforeCode, Batch, shards: 4, count: 1200, keys: 1200);
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, Batch, shards: 4, count: 1200, keys: 1200);

        // The SDK types live in the sample's load context: read the service error code by name.
        Assert.Equal("ValidationException", before.Thrown?.GetType().GetProperty("ErrorCode")?.GetValue(before.Thrown));
        Assert.Equal(0, beforeSimulator.DeliveredCount);
        Assert.Null(after.Thrown);
        Assert.Equal(1200, OrdersDelivered(afterSimulator));
        Assert.Equal(Expected(1200, 1200), PerKeyOrder(afterSimulator));
        Assert.Equal(0, afterSimulator.InvalidRequests);
    }

    [Theory]
    [InlineData(OneByOne)]
    [InlineData(Batch)]
    public async Task AFailureThatRaisedBeforeStillRaises(string method)
    {
        // The sample writes to "orders"; a simulator of another stream answers ResourceNotFoundException.
        var (before, _) = await RunAsync(_sample.BeforeCode, method, shards: 1, count: 10, keys: 10, streamName: "no-such-stream");
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, method, shards: 1, count: 10, keys: 10, streamName: "no-such-stream");

        Assert.Equal("ResourceNotFoundException", before.Thrown?.GetType().Name);
        Assert.Equal("ResourceNotFoundException", after.Thrown?.GetType().Name);
        Assert.Equal(0, afterSimulator.DeliveredCount);
    }

    [Fact]
    public async Task AfterAmbiguousTimeoutsEveryRecordArrivesAndDuplicatesComeOnlyFromThem()
    {
        var faults = new RandomFaults(seed: 7) { TimeoutAfterWriteRate = 0.3 };
        var (before, _) = await RunAsync(_sample.BeforeCode, OneByOne, shards: 4, count: 1200, keys: 300, faults: new RandomFaults(seed: 7) { TimeoutAfterWriteRate = 0.3 });
        var (after, afterSimulator) = await RunAsync(_sample.AfterCode, OneByOne, shards: 4, count: 1200, keys: 300, faults: faults);

        Assert.IsType<TimeoutException>(before.Thrown);
        Assert.Null(after.Thrown);
        var duplicates = afterSimulator.DeliveredCount - 1200;
        _output.WriteLine($"timeouts after write: {faults.TimeoutsAfterWrite}, duplicates: {duplicates}");
        Assert.Equal(Expected(1200, 300), PerKeyOrder(afterSimulator, firstOccurrences: true));
        Assert.InRange(duplicates, 0, faults.TimeoutsAfterWrite * ShardSimulator.MaxEntriesPerRequest);
    }

    [Fact]
    public async Task TheProducerRewriteWritesEveryRecordInPerKeyOrderWithFarFewerRequests()
    {
        var withProducer = await WithProducerAsync();
        Assert.Contains("await producer.AddAsync(order.Id,", withProducer);

        // 2,500 orders over 500 ids to one shard: the loop is throttled; the producer aggregates them into few requests.
        var (before, _) = await RunAsync(_sample.BeforeCode, OneByOne, shards: 1, count: 2500, keys: 500);
        var (after, afterSimulator) = await RunAsync(withProducer, OneByOne, shards: 1, count: 2500, keys: 500);

        Assert.Equal("ProvisionedThroughputExceededException", before.Thrown?.GetType().Name);
        Assert.Null(after.Thrown);
        Assert.Equal(2500, afterSimulator.DeliveredCount);
        Assert.Equal(Expected(2500, 500), PerKeyOrder(afterSimulator));
        Assert.True(after.Requests * 50 <= before.Requests, $"{after.Requests} requests after, {before.Requests} before");
    }

    [Fact]
    public async Task WithTheProducerAFailureThatRaisedBeforeStillRaises()
    {
        var withProducer = await WithProducerAsync();

        var (after, afterSimulator) = await RunAsync(withProducer, OneByOne, shards: 1, count: 10, keys: 10, streamName: "no-such-stream");

        Assert.NotNull(after.Thrown);
        Assert.Equal(0, afterSimulator.DeliveredCount);
    }

    /// <summary>The sample with KIN001's producer fix applied (once for the class: both tests read the same result).</summary>
    private Task<string> WithProducerAsync()
    {
        lock (ProducerRewrites)
        {
            if (!ProducerRewrites.TryGetValue(_sample.BeforeCode, out var rewrite))
            {
                rewrite = CodeActionApplier.ApplyAsync(
                    _sample.BeforeCode, new KIN001PutRecordInLoopAnalyzer(), new KIN001PutRecordInLoopCodeFixProvider(), KIN001PutRecordInLoopCodeFixProvider.ProducerEquivalenceKey);
                ProducerRewrites.Add(_sample.BeforeCode, rewrite);
            }

            return rewrite;
        }
    }

    private async Task<(SampleRun Run, ShardSimulator Simulator)> RunAsync(
        string code, string method, int shards, int count, int keys, int alreadyWritten = 0, string streamName = Stream, RandomFaults? faults = null)
    {
        var assembly = await SampleAssembly.LoadAsync(code);
        var simulator = new ShardSimulator(shards, streamName);
        if (alreadyWritten > 0)
        {
            var records = Enumerable.Range(0, alreadyWritten).Select(i => new TransportRecord("earlier-" + i, null, new byte[] { 1 })).ToList();
            for (var start = 0; start < records.Count; start += ShardSimulator.MaxEntriesPerRequest)
            {
                var result = await simulator.PutRecordsAsync(streamName, records.Skip(start).Take(ShardSimulator.MaxEntriesPerRequest).ToList(), CancellationToken.None);
                Assert.All(result.Records, r => Assert.True(r.Succeeded));
            }
        }

        simulator.RandomFaults = faults;
        var run = await assembly.RunAsync(method, simulator, count, keys);
        _output.WriteLine($"{(code == _sample.BeforeCode ? "before" : code == _sample.AfterCode ? "after" : "after (producer)")} {method}: {run.Requests} requests, "
            + $"{OrdersDelivered(simulator)} orders delivered, {simulator.ThrottledEntries} throttled, threw {run.Thrown?.GetType().Name ?? "nothing"}");
        return (run, simulator);
    }

    /// <summary>Each order id's totals in the loop's order.</summary>
    private static Dictionary<string, List<int>> Expected(int count, int keys) =>
        Enumerable.Range(0, count).GroupBy(i => "order-" + (i % keys)).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>Each order id's totals in the order they were written (the first time each, when asked).</summary>
    private static Dictionary<string, List<int>> PerKeyOrder(ShardSimulator simulator, bool firstOccurrences = false) =>
        simulator.Delivered
            .Where(record => record.Text.StartsWith("Order {", StringComparison.Ordinal))
            .GroupBy(record => Regex.Match(record.Text, @"Id = (order-\d+)").Groups[1].Value)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var totals = g.Select(record => int.Parse(Regex.Match(record.Text, @"Total = (\d+)").Groups[1].Value));
                    return (firstOccurrences ? totals.Distinct() : totals).ToList();
                });

    private static int OrdersDelivered(ShardSimulator simulator) =>
        simulator.Delivered.Count(record => record.Text.StartsWith("Order {", StringComparison.Ordinal));
}
