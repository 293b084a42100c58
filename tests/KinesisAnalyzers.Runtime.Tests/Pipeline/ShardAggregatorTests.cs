using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class ShardAggregatorTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);
    private readonly List<PutRecordsEntry> _sealed = new();

    [Fact]
    public void Records_of_one_shard_share_a_KPL_record_that_lands_where_its_first_record_does()
    {
        var aggregator = new ShardAggregator(enabled: true, 51_200, Linger);
        var records = new[] { Records.User("alpha"), Records.User("beta"), Records.User("alpha"), Records.User("gamma", explicitHashKey: "42") };
        foreach (var record in records)
        {
            aggregator.Add(record, _sealed);
        }

        Assert.Empty(_sealed);
        var entry = aggregator.Seal()!;
        Assert.True(entry.Aggregated);
        Assert.Equal(records, entry.Records);
        Assert.Equal(ShardAggregator.OuterPartitionKey, entry.Record.PartitionKey);
        Assert.Equal(records[0].HashKey.ToString(), entry.Record.ExplicitHashKey);
        Assert.Equal(entry.Record.Data.Length + 1, entry.Size);

        // The MD5 is the sender's to write, off the loop: until then the record does not check as aggregated.
        Assert.False(KinesisDeaggregator.IsAggregated(entry.Record.Data.Span));
        entry.CompleteRecord();
        Assert.True(KinesisDeaggregator.IsAggregated(entry.Record.Data.Span));
        var inside = KinesisDeaggregator.Deaggregate(entry.Record.Data, entry.Record.PartitionKey, entry.Record.ExplicitHashKey);
        Assert.Equal(records.Select(r => r.PartitionKey), inside.Select(u => u.PartitionKey));
        Assert.Equal(records.Select(r => r.ExplicitHashKey), inside.Select(u => u.ExplicitHashKey));
        Assert.All(inside.Zip(records), pair => Assert.Equal(pair.Second.Data.ToArray(), pair.First.Data.ToArray()));
        Assert.Equal(0, aggregator.Count);
    }

    [Fact]
    public void A_lone_record_is_sent_plain_with_its_own_keys()
    {
        var aggregator = new ShardAggregator(enabled: true, 51_200, Linger);
        var record = Records.User("solo", explicitHashKey: "7");
        aggregator.Add(record, _sealed);
        var entry = aggregator.Seal()!;

        Assert.False(entry.Aggregated);
        Assert.Equal("solo", entry.Record.PartitionKey);
        Assert.Equal("7", entry.Record.ExplicitHashKey);
        Assert.Equal(record.Data.ToArray(), entry.Record.Data.ToArray());
        Assert.False(KinesisDeaggregator.IsAggregated(entry.Record.Data.Span));
    }

    [Fact]
    public void Seals_when_the_next_record_does_not_fit_and_never_exceeds_the_limit()
    {
        var aggregator = new ShardAggregator(enabled: true, 1_000, Linger);
        var all = Enumerable.Range(0, 100).Select(i => Records.User("key-" + i, 40)).ToList();
        foreach (var record in all)
        {
            aggregator.Add(record, _sealed);
        }

        _sealed.Add(aggregator.Seal()!);
        Assert.True(_sealed.Count > 5);
        Assert.All(_sealed, e => Assert.True(e.Record.Data.Length <= 1_000));
        Assert.Equal(all, _sealed.SelectMany(e => e.Records));
    }

    [Fact]
    public void A_record_too_large_to_aggregate_goes_alone_after_the_open_record()
    {
        var aggregator = new ShardAggregator(enabled: true, 200, Linger);
        var small1 = Records.User("a", 10);
        var small2 = Records.User("b", 10);
        var large = Records.User("c", 500);
        aggregator.Add(small1, _sealed);
        aggregator.Add(small2, _sealed);
        aggregator.Add(large, _sealed);

        Assert.Equal(2, _sealed.Count);
        Assert.True(_sealed[0].Aggregated);
        Assert.Equal(new[] { small1, small2 }, _sealed[0].Records);
        Assert.False(_sealed[1].Aggregated);
        Assert.Same(large, _sealed[1].Records.Single());
        Assert.Equal(0, aggregator.Count);
    }

    [Fact]
    public void Disabled_sends_every_record_plain_at_once()
    {
        var aggregator = new ShardAggregator(enabled: false, 51_200, Linger);
        aggregator.Add(Records.User("a"), _sealed);
        aggregator.Add(Records.User("b"), _sealed);
        Assert.Equal(2, _sealed.Count);
        Assert.All(_sealed, e => Assert.False(e.Aggregated));
        Assert.Null(aggregator.Seal());
    }

    [Fact]
    public void The_seal_deadline_is_the_oldest_record_linger_or_its_TTL_if_sooner()
    {
        var aggregator = new ShardAggregator(enabled: true, 51_200, Linger);
        var first = Records.User("a", acceptedAt: TimeSpan.FromSeconds(1));
        aggregator.Add(first, _sealed);
        aggregator.Add(Records.User("b", acceptedAt: TimeSpan.FromSeconds(2)), _sealed);
        Assert.Equal(TimeSpan.FromSeconds(1) + Linger, aggregator.SealDeadline);
        Assert.Equal(first.Id, aggregator.OldestId);

        var shortLived = new ShardAggregator(enabled: true, 51_200, TimeSpan.FromSeconds(10));
        shortLived.Add(Records.User("a", acceptedAt: TimeSpan.FromSeconds(1), ttl: TimeSpan.FromSeconds(2)), _sealed);
        Assert.Equal(TimeSpan.FromSeconds(3), shortLived.SealDeadline);
    }

    [Fact]
    public void Entries_expire_with_their_first_record_and_linger_from_their_oldest()
    {
        var aggregator = new ShardAggregator(enabled: true, 51_200, Linger);
        aggregator.Add(Records.User("a", acceptedAt: TimeSpan.FromSeconds(1), ttl: TimeSpan.FromSeconds(30)), _sealed);
        aggregator.Add(Records.User("b", acceptedAt: TimeSpan.FromSeconds(2), ttl: TimeSpan.FromSeconds(5)), _sealed);
        var entry = aggregator.Seal()!;
        Assert.Equal(TimeSpan.FromSeconds(7), entry.ExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(1) + Linger, entry.LingerDeadline);
    }

    [Fact]
    public void TakeAll_returns_the_open_records_and_empties_it()
    {
        var aggregator = new ShardAggregator(enabled: true, 51_200, Linger);
        var a = Records.User("a");
        var b = Records.User("b");
        aggregator.Add(a, _sealed);
        aggregator.Add(b, _sealed);
        Assert.Equal(new[] { a, b }, aggregator.TakeAll());
        Assert.Equal(0, aggregator.Count);
        Assert.Null(aggregator.Seal());
    }
}
