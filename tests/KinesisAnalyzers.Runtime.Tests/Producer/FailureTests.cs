using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Records that cannot be written are reported, with the record, the error and every attempt.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task Records_throttled_until_their_TTL_runs_out_fail_as_Expired_with_their_attempts()
    {
        var simulator = new ShardSimulator(1) { EntryError = _ => KinesisErrors.ProvisionedThroughputExceeded };
        var handled = new List<KinesisRecordFailure>();
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.RecordTtl = TimeSpan.FromMilliseconds(300);
            o.OnRecordFailed = f => { lock (handled) { handled.Add(f); } return Task.CompletedTask; };
        });

        var puts = Enumerable.Range(0, 3).Select(i => producer.PutAsync("put-" + i, new byte[] { (byte)i })).ToList();
        for (var i = 0; i < 3; i++)
        {
            await producer.AddAsync("add-" + i, new byte[] { (byte)i });
        }

        foreach (var put in puts)
        {
            var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => put)).Failure;
            Assert.Equal(KinesisErrors.Expired, failure.ErrorCode);
            Assert.NotEmpty(failure.Attempts);
            Assert.All(failure.Attempts, a => Assert.Equal(KinesisErrors.ProvisionedThroughputExceeded, a.ErrorCode));
            Assert.Contains(KinesisErrors.ProvisionedThroughputExceeded, failure.ErrorMessage);
            Assert.Equal(simulator.Shards[0].ShardId, failure.ShardId);
            Assert.StartsWith("put-", failure.PartitionKey, StringComparison.Ordinal);
        }

        await producer.FlushAsync();
        Assert.Equal(new[] { "add-0", "add-1", "add-2" }, handled.Select(f => f.PartitionKey).Order());
        Assert.All(handled, f => Assert.Equal(KinesisErrors.Expired, f.ErrorCode));
        Assert.Empty(simulator.Delivered);
    }

    [Fact]
    public async Task Records_held_back_by_the_limiter_expire_in_the_queue_without_an_attempt()
    {
        var simulator = new ShardSimulator(1);
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.AggregationEnabled = false;
            o.RateLimitPercent = 1; // 10 records per second, a burst of 10
            o.RecordTtl = TimeSpan.FromMilliseconds(500);
        });

        var puts = Enumerable.Range(0, 40).Select(i => producer.PutAsync("k" + i, new byte[] { 1 })).ToList();
        await Task.WhenAll(puts.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));

        var expired = puts.Where(p => p.IsFaulted).Select(p => ((KinesisRecordFailedException)p.Exception!.InnerException!).Failure).ToList();
        Assert.InRange(puts.Count(p => p.IsCompletedSuccessfully), 10, 20); // the burst, then 10 per second
        Assert.Equal(puts.Count - puts.Count(p => p.IsCompletedSuccessfully), expired.Count);
        Assert.All(expired, f =>
        {
            Assert.Equal(KinesisErrors.Expired, f.ErrorCode);
            Assert.Empty(f.Attempts);
        });
    }

    [Fact]
    public async Task A_permanent_entry_error_fails_at_once_and_the_others_are_written()
    {
        var simulator = new ShardSimulator(2) { EntryError = r => r.PartitionKey == "bad" ? "KMSAccessDeniedException" : null };
        await using var producer = Fast.Producer(simulator, o => o.AggregationEnabled = false);

        var bad = producer.PutAsync("bad", new byte[] { 1 });
        var good = Enumerable.Range(0, 10).Select(i => producer.PutAsync("good-" + i, new byte[] { 2 })).ToList();

        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => bad)).Failure;
        Assert.Equal("KMSAccessDeniedException", failure.ErrorCode);
        Assert.Equal("KMSAccessDeniedException", Assert.Single(failure.Attempts).ErrorCode);
        Assert.Equal(new byte[] { 1 }, failure.Data.ToArray());
        await Task.WhenAll(good);
        Assert.Equal(10, simulator.Delivered.Count);
    }

    [Fact]
    public async Task A_missing_stream_fails_every_record_at_once_with_one_attempt()
    {
        var simulator = new ShardSimulator(1, "real-stream");
        var logger = new CapturingLogger();
        await using var producer = new KinesisProducer(simulator, "missing-stream", Fast.Options(o => o.Logger = logger));

        var failure = (await Assert.ThrowsAsync<KinesisRecordFailedException>(() => producer.PutAsync("k", new byte[] { 1 }))).Failure;
        Assert.Equal("ResourceNotFoundException", failure.ErrorCode);
        Assert.IsType<KinesisTransportException>(failure.Exception);
        var attempt = Assert.Single(failure.Attempts);
        Assert.Equal("ResourceNotFoundException", attempt.ErrorCode);
        Assert.True(attempt.Duration >= TimeSpan.Zero);
        Assert.Null(failure.ShardId); // no shard map could be loaded
        Assert.Contains(logger.Entries, e => e.Id.Name == "ShardMapFailed");
    }

    [Fact]
    public async Task Records_added_while_the_shard_map_cannot_be_loaded_are_still_delivered_unaggregated()
    {
        var simulator = new ShardSimulator(2) { ListShardsException = new KinesisTransportException("denied", "AccessDeniedException", 400) };
        await using (var producer = Fast.Producer(simulator))
        {
            for (var i = 0; i < 50; i++)
            {
                await producer.AddAsync("k" + i, Fast.Payload("k" + i, i));
            }
        }

        Assert.Equal(Enumerable.Range(0, 50), simulator.Delivered.Select(Fast.IndexOf).Order());
        Assert.All(simulator.Delivered, d => Assert.False(d.IsAggregated));
    }

    [Fact]
    public async Task The_shard_map_loads_once_ListShards_works_again()
    {
        var simulator = new ShardSimulator(2) { ListShardsException = new KinesisTransportException("busy", "LimitExceededException", 400) };
        await using var producer = Fast.Producer(simulator);
        Assert.False((await producer.PutAsync("first", new byte[] { 1 })).Aggregated);
        var failedCalls = simulator.ListShardsCalls;
        simulator.ListShardsException = null;

        // Failed loads are retried on a backoff; once the map is in, records of one shard share KPL records.
        var aggregated = false;
        for (var round = 0; round < 200 && !aggregated; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => producer.PutAsync("same-key", new byte[] { (byte)i })));
            aggregated = results.Any(r => r.Aggregated);
        }

        Assert.True(aggregated);
        Assert.True(simulator.ListShardsCalls > failedCalls);
    }
}
