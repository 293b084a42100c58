using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Fails entries whose RecordTtl ran out (error code Expired), naming the last try's error when there was one, and
    /// recycles them. Used by the stages that hold entries: dispatch (lane heads), sending (before a request goes) and
    /// outcome handling (retries that cannot wait any more). Loop thread only.
    /// </summary>
    internal sealed class EntryExpiry
    {
        private readonly TimeSpan _recordTtl;
        private readonly CompletionReporter _reporter;
        private readonly EntryRecycler _recycler;

        public EntryExpiry(TimeSpan recordTtl, CompletionReporter reporter, EntryRecycler recycler)
        {
            _recordTtl = recordTtl;
            _reporter = reporter;
            _recycler = recycler;
        }

        /// <summary>Fails an entry that ran out of time; <paramref name="last"/> is its last try's outcome, if it just came back.</summary>
        public void Expire(PutRecordsEntry entry, EntryOutcome? last)
        {
            // The entry may have waited out a backoff since its last try: name that try's error either way.
            var attempts = entry.Records[0].FailedAttempts;
            var lastCode = last?.ErrorCode ?? (attempts.Count > 0 ? attempts[attempts.Count - 1].ErrorCode : null);
            var message = lastCode is not null
                ? $"RecordTtl ({_recordTtl.TotalMilliseconds:0} ms) ran out before the record was written; the last try failed with {lastCode}."
                : $"RecordTtl ({_recordTtl.TotalMilliseconds:0} ms) ran out before the record was sent.";
            _reporter.Failed(entry.Records, KinesisErrors.Expired, message, last?.Exception);
            _recycler.Recycle(entry);
        }

        /// <summary>Fails the entries at the head of a lane whose time ran out.</summary>
        public void ExpireHead(ShardLane lane, TimeSpan now)
        {
            while (lane.Ready.First is { } first && now >= first.Value.ExpiresAt)
            {
                lane.Ready.RemoveFirst();
                Expire(first.Value, null);
            }
        }
    }
}
