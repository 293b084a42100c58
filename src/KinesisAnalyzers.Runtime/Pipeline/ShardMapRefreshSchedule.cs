using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Decides when to call ListShards: once at start, then only when a reshard is suspected, never more
    /// often than the minimum interval (so a burst of surprising results cannot cause a ListShards storm),
    /// and backing off after failures. Loop thread only.
    /// </summary>
    internal sealed class ShardMapRefreshSchedule
    {
        private readonly TimeSpan _minInterval;
        private readonly TimeSpan _maxInterval;
        private TimeSpan _notBefore;
        private int _failures;

        public ShardMapRefreshSchedule(TimeSpan minInterval, TimeSpan maxInterval)
        {
            _minInterval = minInterval;
            _maxInterval = maxInterval < minInterval ? minInterval : maxInterval;
            Requested = true;
        }

        /// <summary>A load is wanted.</summary>
        public bool Requested { get; private set; }

        /// <summary>A load is under way.</summary>
        public bool Loading { get; private set; }

        /// <summary>When the wanted load may start, or null when none is wanted.</summary>
        public TimeSpan? NextDue => Requested && !Loading ? _notBefore : (TimeSpan?)null;

        /// <summary>
        /// Asks for a refresh. Ignored while a load is under way: the records that keep landing on surprising
        /// shards after it will ask again if the new map is still stale.
        /// </summary>
        public void Request()
        {
            if (!Loading)
            {
                Requested = true;
            }
        }

        public bool IsDue(TimeSpan now) => Requested && !Loading && now >= _notBefore;

        public void Started(TimeSpan now)
        {
            Requested = false;
            Loading = true;
            _notBefore = now + _minInterval;
        }

        public void Succeeded()
        {
            Loading = false;
            _failures = 0;
        }

        /// <summary>A failed load is retried, each time after a doubled interval up to the maximum.</summary>
        public void Failed(TimeSpan now)
        {
            Loading = false;
            Requested = true;
            _failures++;
            var factor = Math.Pow(2, Math.Min(_failures - 1, 20));
            var wait = TimeSpan.FromTicks((long)Math.Min(_maxInterval.Ticks, _minInterval.Ticks * factor));
            _notBefore = now + wait;
        }
    }
}
