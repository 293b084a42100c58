using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>What to do with an entry after a failed try.</summary>
    internal enum RetryDecision
    {
        /// <summary>Wait out the backoff, then send again.</summary>
        Retry,

        /// <summary>The error cannot go away: report the records.</summary>
        Fail,

        /// <summary>The records' TTL runs out before the next try could be made: report them as expired.</summary>
        Expire,
    }

    /// <summary>
    /// Retries only the entries that failed: permanent errors fail at once; others wait an exponential backoff
    /// with full jitter (uniform in [0, min(RetryMaxDelay, RetryBaseDelay * 2^(n-1))]) and go back to the head
    /// of their shard's queue; an entry whose TTL would run out first expires now. Loop thread only.
    /// </summary>
    internal sealed class Retrier
    {
        private readonly KinesisBackoff _backoff;
        private readonly SortedSet<Waiting> _waiting = new SortedSet<Waiting>(WaitingOrder.Instance);
        private long _sequence;

        public Retrier(KinesisBackoff backoff)
        {
            _backoff = backoff;
        }

        public int Count => _waiting.Count;

        /// <summary>When the next waiting entry is due, or null.</summary>
        public TimeSpan? NextDue => _waiting.Count > 0 ? _waiting.Min.Due : (TimeSpan?)null;

        /// <summary>Decides the entry's fate after <paramref name="outcome"/>; on <see cref="RetryDecision.Retry"/> it is held until due.</summary>
        public RetryDecision Handle(PutRecordsEntry entry, EntryOutcome outcome, TimeSpan now)
        {
            if (outcome.Kind == EntryOutcomeKind.Fail)
            {
                return RetryDecision.Fail;
            }

            entry.Retries++;
            var due = now + _backoff.Delay(entry.Retries);
            if (due >= entry.ExpiresAt)
            {
                return RetryDecision.Expire;
            }

            _waiting.Add(new Waiting(due, _sequence++, entry));
            return RetryDecision.Retry;
        }

        /// <summary>Removes and returns the entries whose backoff is over, earliest first.</summary>
        public List<PutRecordsEntry> TakeDue(TimeSpan now)
        {
            var due = new List<PutRecordsEntry>();
            while (_waiting.Count > 0 && _waiting.Min.Due <= now)
            {
                var first = _waiting.Min;
                _waiting.Remove(first);
                due.Add(first.Entry);
            }

            return due;
        }

        /// <summary>Every waiting entry, for a last-resort failure of everything.</summary>
        public List<PutRecordsEntry> Drain()
        {
            var entries = new List<PutRecordsEntry>();
            foreach (var waiting in _waiting)
            {
                entries.Add(waiting.Entry);
            }

            _waiting.Clear();
            return entries;
        }

        private readonly struct Waiting
        {
            public Waiting(TimeSpan due, long sequence, PutRecordsEntry entry)
            {
                Due = due;
                Sequence = sequence;
                Entry = entry;
            }

            public TimeSpan Due { get; }

            public long Sequence { get; }

            public PutRecordsEntry Entry { get; }
        }

        private sealed class WaitingOrder : IComparer<Waiting>
        {
            public static readonly WaitingOrder Instance = new WaitingOrder();

            public int Compare(Waiting x, Waiting y)
            {
                var byDue = x.Due.CompareTo(y.Due);
                return byDue != 0 ? byDue : x.Sequence.CompareTo(y.Sequence);
            }
        }
    }
}
