using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class CollectorTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Seals_a_request_at_the_entry_limit()
    {
        var collector = new Collector(maxCount: 3, maxBytes: 10_000);
        for (var i = 0; i < 7; i++)
        {
            collector.Add(Records.Entry());
        }

        Assert.Equal(2, collector.SealedCount);
        Assert.Equal(3, collector.TakeSealed().Count);
        Assert.Equal(3, collector.TakeSealed().Count);
        Assert.Equal(1, collector.OpenCount);
    }

    [Fact]
    public void An_entry_that_would_pass_the_byte_limit_starts_the_next_request()
    {
        var collector = new Collector(maxCount: 500, maxBytes: 1_000);
        collector.Add(Records.Entry(400));
        collector.Add(Records.Entry(400));
        collector.Add(Records.Entry(400));
        var first = collector.TakeSealed();
        Assert.Equal(2, first.Count);
        Assert.Equal(800, first.Bytes);
        Assert.False(collector.HasSealed);

        collector.Add(Records.Entry(600));
        Assert.True(collector.HasSealed);
        Assert.Equal(1_000, collector.TakeSealed().Bytes);
        Assert.Equal(0, collector.OpenCount);
    }

    [Fact]
    public void Seals_when_the_earliest_linger_deadline_passes()
    {
        var collector = new Collector(500, 1_000_000);
        collector.Add(Records.Entry(lingerDeadline: Ms(200)));
        collector.Add(Records.Entry(lingerDeadline: Ms(100)));
        Assert.Equal(Ms(100), collector.OpenDeadline);
        collector.SealIfDue(Ms(99), flushMark: -1);
        Assert.False(collector.HasSealed);
        collector.SealIfDue(Ms(100), flushMark: -1);
        Assert.Equal(2, collector.TakeSealed().Count);
        Assert.Null(collector.OpenDeadline);
    }

    [Fact]
    public void A_flush_covering_one_of_its_records_seals_the_request_early()
    {
        var collector = new Collector(500, 1_000_000);
        var entry = Records.Entry(lingerDeadline: TimeSpan.FromHours(1));
        collector.Add(entry);
        collector.SealIfDue(TimeSpan.Zero, entry.OldestId - 1);
        Assert.False(collector.HasSealed);
        collector.SealIfDue(TimeSpan.Zero, entry.OldestId);
        Assert.True(collector.HasSealed);
    }

    [Fact]
    public void Drain_returns_everything_held()
    {
        var collector = new Collector(2, 1_000_000);
        var entries = Enumerable.Range(0, 5).Select(_ => Records.Entry()).ToList();
        entries.ForEach(collector.Add);
        Assert.Equal(entries, collector.Drain());
        Assert.False(collector.HasSealed);
        Assert.Equal(0, collector.OpenCount);
    }

    [Fact]
    public void A_batch_gives_up_expired_entries_before_sending()
    {
        var batch = new PutRecordsBatch();
        var keep = Records.Entry(100, ttl: TimeSpan.FromSeconds(10));
        var drop = Records.Entry(200, ttl: TimeSpan.FromSeconds(1));
        batch.Add(keep);
        batch.Add(drop);
        var removed = batch.RemoveAll(e => TimeSpan.FromSeconds(2) >= e.ExpiresAt);
        Assert.Equal(new[] { drop }, removed);
        Assert.Equal(new[] { keep }, batch.Entries);
        Assert.Equal(100, batch.Bytes);
    }
}
