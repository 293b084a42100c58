using KinesisAnalyzers.Runtime.Testing;
using static KinesisAnalyzers.Runtime.Tests.Testing.SimulatorCalls;

namespace KinesisAnalyzers.Runtime.Tests.Testing;

/// <summary>Faults queued per call, per entry, and drawn at random rates from a seed.</summary>
public sealed class ShardSimulatorFaultTests
{
    private static TransportRecord[] Batch(int count, string prefix = "r") => Enumerable.Range(0, count).Select(i => Entry(prefix + i)).ToArray();

    [Fact]
    public async Task Queued_faults_apply_to_the_next_calls_in_order_before_the_schedule()
    {
        var simulator = new ShardSimulator(1) { FaultSchedule = n => n == 4 ? SimulatedFault.ShortResults(1) : null };
        simulator.InjectFaults(
            SimulatedFault.Throw(new IOException("reset")),
            SimulatedFault.ThrowAfterWrite(new KinesisTransportException("Internal", "InternalFailure", 500)));

        await Assert.ThrowsAsync<IOException>(() => Put(simulator, Batch(2, "a")));
        Assert.Empty(simulator.KinesisRecords);
        await Assert.ThrowsAsync<KinesisTransportException>(() => Put(simulator, Batch(2, "b")));
        Assert.Equal(2, simulator.KinesisRecords.Count); // written, though the caller saw a failure
        Assert.Equal(2, (await Put(simulator, Batch(2, "c"))).Records.Count);
        var shortened = await Put(simulator, Batch(3, "d"));
        Assert.Single(shortened.Records);
        Assert.Equal(7, simulator.KinesisRecords.Count);
        Assert.Equal(4, simulator.PutRecordsCalls);
    }

    [Fact]
    public async Task Empty_entries_write_nothing_and_answer_neither_success_nor_error()
    {
        var simulator = new ShardSimulator(1);
        simulator.InjectFaults(SimulatedFault.EmptyEntries());

        var result = await Put(simulator, Batch(3));

        Assert.Equal(3, result.Records.Count);
        Assert.All(result.Records, r => Assert.False(r.Succeeded || r.ErrorCode is not null));
        Assert.Empty(simulator.KinesisRecords);
    }

    [Fact]
    public async Task A_paused_call_waits_for_resume_and_a_cancelled_one_writes_nothing()
    {
        var simulator = new ShardSimulator(1);
        simulator.Pause();
        using var cancellation = new CancellationTokenSource();
        var cancelled = simulator.PutRecordsAsync(simulator.StreamName, Batch(1, "x"), cancellation.Token);
        var waiting = Put(simulator, Batch(1, "y"));

        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(waiting.IsCompleted);
        simulator.Resume();

        Assert.Equal(1, Written(await waiting));
        Assert.Equal(new[] { "y0" }, simulator.Delivered.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task Hang_until_cancelled_ends_with_the_token()
    {
        var simulator = new ShardSimulator(1);
        simulator.InjectFaults(SimulatedFault.HangUntilCancelled());
        using var cancellation = new CancellationTokenSource();

        var call = simulator.PutRecordsAsync(simulator.StreamName, Batch(1), cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(simulator.KinesisRecords);
    }

    [Fact]
    public async Task Entry_errors_fail_single_entries_before_the_limits()
    {
        var simulator = new ShardSimulator(1) { EntryError = r => r.PartitionKey == "bad" ? "KMSAccessDeniedException" : null };

        var result = await Put(simulator, Entry("good"), Entry("bad"), Entry("good"));

        Assert.Equal(new string?[] { null, "KMSAccessDeniedException", null }, result.Records.Select(r => r.ErrorCode));
        Assert.Equal(2, simulator.Shards[0].AcceptedEntries);
        Assert.Equal(new[] { "good", "good" }, simulator.Delivered.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task Internal_failures_at_a_rate_fail_that_share_of_entries_and_write_none_of_them()
    {
        var faults = new RandomFaults(seed: 11) { InternalFailureRate = 0.1 };
        var simulator = new ShardSimulator(4) { EnforceLimits = false, RandomFaults = faults };

        var failed = 0;
        for (var call = 0; call < 20; call++)
        {
            var result = await Put(simulator, Batch(500, $"c{call}-"));
            Assert.All(result.Records.Where(r => !r.Succeeded), r => Assert.Equal(KinesisErrors.InternalFailure, r.ErrorCode));
            failed += result.Records.Count(r => !r.Succeeded);
        }

        Assert.Equal(faults.InternalFailures, failed);
        Assert.InRange(failed, 800, 1200); // 10 % of 10,000, for this seed
        Assert.Equal(10_000 - failed, simulator.DeliveredCount);
    }

    [Fact]
    public async Task Connection_resets_and_server_errors_write_nothing()
    {
        var resets = new ShardSimulator(1) { RandomFaults = new RandomFaults(1) { ConnectionResetRate = 1 } };
        await Assert.ThrowsAsync<IOException>(() => Put(resets, Batch(5)));
        Assert.Empty(resets.KinesisRecords);
        Assert.Equal(1, resets.RandomFaults!.ConnectionResets);

        var faults = new RandomFaults(2) { ServerErrorRate = 1 };
        var servers = new ShardSimulator(1) { RandomFaults = faults };
        var statuses = new List<int?>();
        for (var i = 0; i < 20; i++)
        {
            var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => Put(servers, Batch(5)));
            Assert.Equal(KinesisErrorKind.Transient, KinesisErrors.Classify(exception));
            statuses.Add(exception.StatusCode);
        }

        Assert.Equal(new int?[] { 500, 503 }, statuses.Distinct().Order());
        Assert.Empty(servers.KinesisRecords);
        Assert.Equal(20, faults.ServerErrors);
    }

    [Fact]
    public async Task Timeouts_after_the_write_leave_the_records_written()
    {
        var faults = new RandomFaults(3) { TimeoutAfterWriteRate = 1 };
        var simulator = new ShardSimulator(1) { RandomFaults = faults };

        await Assert.ThrowsAsync<TimeoutException>(() => Put(simulator, Batch(5)));
        await Assert.ThrowsAsync<TimeoutException>(() => Put(simulator, Batch(5))); // the caller's retry: duplicates

        Assert.Equal(10, simulator.DeliveredCount);
        Assert.Equal(5, simulator.Delivered.Select(d => d.PartitionKey).Distinct().Count());
        Assert.Equal(2, faults.TimeoutsAfterWrite);
    }

    [Fact]
    public async Task Slow_requests_are_delayed_and_counted()
    {
        var faults = new RandomFaults(4) { SlowRequestRate = 1, SlowRequestLatency = TimeSpan.FromMilliseconds(1) };
        var simulator = new ShardSimulator(1) { RandomFaults = faults };

        Assert.Equal(5, Written(await Put(simulator, Batch(5))));
        Assert.Equal(1, faults.SlowRequests);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_and_another_seed_others()
    {
        static async Task<string> Run(int seed)
        {
            var simulator = new ShardSimulator(2)
            {
                EnforceLimits = false,
                RandomFaults = new RandomFaults(seed)
                {
                    InternalFailureRate = 0.2, ServerErrorRate = 0.2, ConnectionResetRate = 0.1, TimeoutAfterWriteRate = 0.2,
                },
            };
            var outcomes = new List<string>();
            for (var call = 0; call < 40; call++)
            {
                try
                {
                    var result = await Put(simulator, Batch(10, $"c{call}-"));
                    outcomes.Add(string.Concat(result.Records.Select(r => r.Succeeded ? "w" : "f")));
                }
                catch (Exception exception)
                {
                    outcomes.Add(exception.GetType().Name + (exception as KinesisTransportException)?.StatusCode);
                }
            }

            return string.Join(",", outcomes) + "|" + simulator.DeliveredCount;
        }

        var first = await Run(42);
        Assert.Equal(first, await Run(42));
        Assert.NotEqual(first, await Run(43));
        Assert.Contains("IOException", first);
        Assert.Contains("TimeoutException", first);
        Assert.Contains("KinesisTransportException", first);
        Assert.Contains("f", first);
    }

    [Fact]
    public void Rates_outside_0_to_1_are_refused()
    {
        var faults = new RandomFaults(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.InternalFailureRate = 1.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ServerErrorRate = -0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.TimeoutAfterWriteRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.SlowRequestLatency = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentNullException>(() => SimulatedFault.Throw(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimulatedFault.ShortResults(-1));
    }
}
