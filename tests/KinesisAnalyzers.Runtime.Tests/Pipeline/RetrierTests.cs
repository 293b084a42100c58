using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class RetrierTests
{
    private static readonly EntryOutcome Throttled = new(EntryOutcomeKind.Retry, KinesisErrorKind.Throttling, KinesisErrors.ProvisionedThroughputExceeded, null, false, null, null, null);
    private static readonly EntryOutcome Denied = new(EntryOutcomeKind.Fail, KinesisErrorKind.Permanent, "AccessDeniedException", null, false, null, null, null);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Permanent_errors_fail_at_once()
    {
        var retrier = new Retrier(new KinesisBackoff(Ms(100), Ms(1000)));
        Assert.Equal(RetryDecision.Fail, retrier.Handle(Records.Entry(), Denied, TimeSpan.Zero));
        Assert.Equal(0, retrier.Count);
    }

    [Fact]
    public void Retries_wait_a_jittered_backoff_whose_ceiling_doubles_up_to_the_cap()
    {
        var retrier = new Retrier(new KinesisBackoff(Ms(100), Ms(1000)));
        var random = new List<double>();
        for (var n = 0; n < 200; n++)
        {
            var entry = Records.Entry(ttl: TimeSpan.FromHours(1));
            var ceilings = new[] { 100, 200, 400, 800, 1000, 1000 };
            foreach (var ceiling in ceilings)
            {
                Assert.Equal(RetryDecision.Retry, retrier.Handle(entry, Throttled, TimeSpan.Zero));
                var due = retrier.NextDue!.Value;
                Assert.InRange(due.TotalMilliseconds, 0, ceiling);
                random.Add(due.TotalMilliseconds / ceiling);
                Assert.Same(entry, Assert.Single(retrier.TakeDue(due)));
            }

            Assert.Equal(ceilings.Length, entry.Retries);
        }

        // Full jitter: spread over the whole range, not bunched at the ceiling.
        Assert.InRange(random.Average(), 0.4, 0.6);
    }

    [Fact]
    public void An_entry_whose_TTL_ends_before_its_next_try_expires_now()
    {
        var retrier = new Retrier(new KinesisBackoff(Ms(1000), Ms(1000)));
        var entry = Records.Entry(ttl: Ms(1));
        Assert.Equal(RetryDecision.Expire, retrier.Handle(entry, Throttled, Ms(5)));
        Assert.Equal(0, retrier.Count);
    }

    [Fact]
    public void Due_entries_come_out_earliest_first_and_only_when_due()
    {
        var retrier = new Retrier(new KinesisBackoff(TimeSpan.Zero, TimeSpan.Zero));
        var late = Records.Entry(ttl: TimeSpan.FromHours(1));
        var early = Records.Entry(ttl: TimeSpan.FromHours(1));
        retrier.Handle(late, Throttled, Ms(20));
        retrier.Handle(early, Throttled, Ms(10));
        Assert.Empty(retrier.TakeDue(Ms(9)));
        Assert.Equal(Ms(10), retrier.NextDue);
        Assert.Equal(new[] { early, late }, retrier.TakeDue(Ms(30)));
        Assert.Null(retrier.NextDue);
    }

    [Fact]
    public void Drain_returns_every_waiting_entry()
    {
        var retrier = new Retrier(new KinesisBackoff(Ms(10), Ms(10)));
        var entries = Enumerable.Range(0, 3).Select(_ => Records.Entry(ttl: TimeSpan.FromHours(1))).ToList();
        entries.ForEach(e => retrier.Handle(e, Throttled, TimeSpan.Zero));
        Assert.Equal(entries.ToHashSet(), retrier.Drain().ToHashSet());
        Assert.Equal(0, retrier.Count);
    }
}
