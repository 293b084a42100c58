using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Paces one shard's entries with two token buckets, bytes and records, at RateLimitPercent of the shard
    /// limits (1 MiB/s and 1,000 records/s; an aggregated record counts as one). When the shard is throttled
    /// it empties its buckets and cuts its rate to 95 % of what the shard accepted from it over the last second
    /// (the shard's real capacity for this producer), but never by more than half; then it regains rate steadily
    /// while no throttling comes back, and only slowly above the rate that was throttled (additive increase,
    /// bounded decrease). A plain halving would leave the shard a quarter idle on average; pacing just under what
    /// the shard took keeps it near its limit. Throttles answering requests sent before the last cut
    /// are ignored, so one burst of throttled entries cuts the rate once. Bursts are capped at one second of
    /// the shard limit, the most a shard itself absorbs, so a rate above 100% does not open with a burst the
    /// shard must throttle. Loop thread only.
    /// </summary>
    internal sealed class ShardRateLimiter
    {
        public const double ShardBytesPerSecond = 1024 * 1024;
        public const double ShardRecordsPerSecond = 1000;

        /// <summary>The lowest share of the configured rate: a throttled shard still moves.</summary>
        public const double MinimumShare = 0.1;

        /// <summary>Share of the configured rate regained per second without throttling.</summary>
        public const double RecoveryPerSecond = 0.2;

        /// <summary>Share regained per second above the rate of the last cut: probing for capacity the shard did not have.</summary>
        public const double ProbePerSecond = 0.02;

        /// <summary>After a throttle, the rate is this fraction of what the shard accepted over the last second.</summary>
        public const double AcceptedFraction = 0.95;

        private static readonly TimeSpan AcceptedWindow = TimeSpan.FromSeconds(1);

        private readonly double _fraction;
        private readonly TokenBucket _bytes;
        private readonly TokenBucket _records;
        private readonly SlidingSum _acceptedBytes = new SlidingSum(AcceptedWindow);
        private readonly SlidingSum _acceptedRecords = new SlidingSum(AcceptedWindow);
        private TimeSpan _lastCut = TimeSpan.MinValue;
        private TimeSpan _shareUpdatedAt;
        private double _ceiling = 1;

        public ShardRateLimiter(int rateLimitPercent, TimeSpan now)
        {
            _fraction = rateLimitPercent / 100.0;
            _bytes = new TokenBucket(ShardBytesPerSecond * _fraction, now, maxCapacity: ShardBytesPerSecond);
            _records = new TokenBucket(ShardRecordsPerSecond * _fraction, now, maxCapacity: ShardRecordsPerSecond);
            _shareUpdatedAt = now;
        }

        /// <summary>The share of the configured rate in force, from <see cref="MinimumShare"/> to 1.</summary>
        public double Share { get; private set; } = 1;

        public double BytesPerSecond => _bytes.Rate;

        public double RecordsPerSecond => _records.Rate;

        /// <summary>Takes tokens for one entry of <paramref name="bytes"/> bytes if both buckets allow it.</summary>
        public bool TryTake(int bytes, TimeSpan now)
        {
            Recover(now);
            if (!_bytes.CanTake(bytes, now) || !_records.CanTake(1, now))
            {
                return false;
            }

            _bytes.TryTake(bytes, now);
            _records.TryTake(1, now);
            return true;
        }

        /// <summary>How long until an entry of <paramref name="bytes"/> bytes may pass.</summary>
        public TimeSpan TimeUntilAvailable(int bytes, TimeSpan now)
        {
            Recover(now);
            var byBytes = _bytes.TimeUntil(bytes, now);
            var byRecords = _records.TimeUntil(1, now);
            return byBytes > byRecords ? byBytes : byRecords;
        }

        /// <summary>The shard wrote an entry of <paramref name="bytes"/> bytes (what it accepts is what a cut paces at).</summary>
        public void OnWritten(int bytes, TimeSpan now)
        {
            _acceptedBytes.Add(bytes, now);
            _acceptedRecords.Add(1, now);
        }

        /// <summary>
        /// The shard throttled an entry sent at <paramref name="sentAt"/>. Returns true when this cut the rate,
        /// false when the request predates the last cut.
        /// </summary>
        public bool OnThrottled(TimeSpan sentAt, TimeSpan now)
        {
            if (sentAt < _lastCut)
            {
                return false;
            }

            Recover(now);

            // What the shard took over the last second, as a share of the configured rate (the tighter limit counts).
            var accepted = Math.Max(
                _acceptedBytes.Sum(now) / (ShardBytesPerSecond * _fraction),
                _acceptedRecords.Sum(now) / (ShardRecordsPerSecond * _fraction));
            var target = AcceptedFraction * accepted;
            if (target > Share / 2)
            {
                // The shard's capacity is known: pace just under it, and probe above it only slowly.
                Share = Math.Max(MinimumShare, Math.Min(Share, target));
                _ceiling = Share;
            }
            else
            {
                Share = Math.Max(MinimumShare, Share / 2);
                _ceiling = 1;
            }

            _lastCut = now;
            ApplyShare(now);
            _bytes.Drain(now);
            _records.Drain(now);
            return true;
        }

        private void Recover(TimeSpan now)
        {
            if (now <= _shareUpdatedAt)
            {
                return;
            }

            var elapsed = (now - _shareUpdatedAt).TotalSeconds;
            _shareUpdatedAt = now;
            if (Share < 1)
            {
                // Quickly back up to the rate of the last cut, slowly beyond it.
                var fast = Math.Min(Math.Max(0, _ceiling - Share), RecoveryPerSecond * elapsed);
                var slowSeconds = elapsed - (fast / RecoveryPerSecond);
                Share = Math.Min(1, Share + fast + (ProbePerSecond * slowSeconds));
                ApplyShare(now);
            }
        }

        private void ApplyShare(TimeSpan now)
        {
            _bytes.SetRate(ShardBytesPerSecond * _fraction * Share, now);
            _records.SetRate(ShardRecordsPerSecond * _fraction * Share, now);
        }
    }
}
