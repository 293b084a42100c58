using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

/// <summary>
/// The inbox takes callers' records through per-thread stripes: every record comes out once, numbered without gaps, and
/// never after a record numbered later (so a record never overtakes one whose call returned before its own began).
/// </summary>
public sealed class RecordInboxTests
{
    private static readonly Func<UserRecord, bool> Admit = _ => true;

    [Fact]
    public void Records_come_out_in_the_order_they_were_numbered_whichever_thread_posted_them()
    {
        var inbox = new RecordInbox();
        var posted = new List<UserRecord>();
        for (var i = 0; i < 6; i++)
        {
            // Each post on a thread of its own (so on different stripes), one after the other.
            var record = Records.User("k" + i);
            var thread = new Thread(() => Assert.True(inbox.TryPost(record, Admit)));
            thread.Start();
            thread.Join();
            posted.Add(record);
        }

        var taken = new List<UserRecord>();
        Assert.Equal(6, inbox.TakeUpTo(100, taken));
        Assert.Equal(posted, taken);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), taken.Select(r => r.Id));
        Assert.True(inbox.IsEmpty);
    }

    [Fact]
    public async Task Under_concurrent_posting_every_record_comes_out_once_and_ids_only_ever_increase()
    {
        const int Threads = 4;
        const int PerThread = 50_000;
        var inbox = new RecordInbox();
        var callers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                inbox.TryPost(Records.User("k"), Admit);
            }
        })).ToArray();

        var taken = new List<UserRecord>();
        var batch = new List<UserRecord>();
        while (taken.Count < Threads * PerThread)
        {
            batch.Clear();
            inbox.TakeUpTo(1_000, batch);
            taken.AddRange(batch);
            if (batch.Count == 0)
            {
                await Task.Yield();
            }
        }

        await Task.WhenAll(callers);

        // Strictly increasing across every take: no record numbered earlier ever turned up after a later one.
        for (var i = 1; i < taken.Count; i++)
        {
            Assert.True(taken[i].Id > taken[i - 1].Id, $"record {taken[i].Id} came after {taken[i - 1].Id}");
        }

        Assert.Equal(Threads * PerThread, taken.Select(r => r.Id).Distinct().Count());
        Assert.Equal(Threads * PerThread, inbox.LastId);
        Assert.True(inbox.IsEmpty);
    }

    [Fact]
    public void A_refused_record_is_not_queued_and_its_id_stays_unused()
    {
        var inbox = new RecordInbox();
        var first = Records.User("a");
        var refused = Records.User("b");
        var last = Records.User("c");
        Assert.True(inbox.TryPost(first, Admit));
        Assert.False(inbox.TryPost(refused, r =>
        {
            Assert.Equal(2, r.Id); // numbered before it is asked
            return false;
        }));
        Assert.True(inbox.TryPost(last, Admit));

        var taken = new List<UserRecord>();
        inbox.TakeUpTo(10, taken);
        Assert.Equal(new[] { first, last }, taken);
        Assert.Equal(new long[] { 1, 3 }, taken.Select(r => r.Id));
        Assert.Equal(3, inbox.LastId);
    }

    [Fact]
    public void Peek_and_take_give_the_oldest_record_and_a_take_stops_at_its_limit()
    {
        var inbox = new RecordInbox();
        var records = Enumerable.Range(0, 5).Select(i => Records.User("k" + i)).ToList();
        foreach (var record in records)
        {
            var thread = new Thread(() => inbox.TryPost(record, Admit));
            thread.Start();
            thread.Join();
        }

        Assert.True(inbox.TryPeek(out var head));
        Assert.Same(records[0], head);
        Assert.True(inbox.TryTake(out var taken));
        Assert.Same(records[0], taken);

        var batch = new List<UserRecord>();
        Assert.Equal(2, inbox.TakeUpTo(2, batch));
        Assert.Equal(records.Skip(1).Take(2), batch);
        Assert.False(inbox.IsEmpty);
        Assert.True(inbox.TryTake(out taken));
        Assert.Same(records[3], taken);
        Assert.True(inbox.TryTake(out taken));
        Assert.Same(records[4], taken);
        Assert.False(inbox.TryTake(out _));
        Assert.False(inbox.TryPeek(out _));
        Assert.True(inbox.IsEmpty);
    }
}
