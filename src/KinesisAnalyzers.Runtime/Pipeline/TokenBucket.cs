using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// A token bucket refilled continuously at <see cref="Rate"/> per second, holding at most
    /// <see cref="Capacity"/> tokens (one second's worth unless capped lower). A take larger than the capacity
    /// is allowed once the bucket is full and leaves it in debt, so a large record is slowed, never stuck.
    /// Time is passed in, so tests need no clock. Not thread-safe.
    /// </summary>
    internal sealed class TokenBucket
    {
        private readonly double _maxCapacity;
        private double _tokens;
        private TimeSpan _updatedAt;

        /// <summary>Creates a full bucket.</summary>
        /// <param name="ratePerSecond">Tokens added per second.</param>
        /// <param name="now">The current time.</param>
        /// <param name="maxCapacity">A cap on the burst below one second of <paramref name="ratePerSecond"/>, if any.</param>
        public TokenBucket(double ratePerSecond, TimeSpan now, double maxCapacity = double.MaxValue)
        {
            if (ratePerSecond <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The rate must be positive.");
            }

            _maxCapacity = maxCapacity;
            Rate = ratePerSecond;
            _tokens = Capacity;
            _updatedAt = now;
        }

        public double Rate { get; private set; }

        /// <summary>The largest burst: one second of tokens, or the cap if lower.</summary>
        public double Capacity => Math.Min(Rate, _maxCapacity);

        public double Tokens(TimeSpan now)
        {
            Refill(now);
            return _tokens;
        }

        /// <summary>Takes <paramref name="amount"/> tokens if there are enough (or the bucket is full); false otherwise.</summary>
        public bool TryTake(double amount, TimeSpan now)
        {
            if (!CanTake(amount, now))
            {
                return false;
            }

            _tokens -= amount;
            return true;
        }

        public bool CanTake(double amount, TimeSpan now)
        {
            Refill(now);
            return _tokens >= Math.Min(amount, Capacity);
        }

        /// <summary>How long until <see cref="CanTake"/> will be true for <paramref name="amount"/>.</summary>
        public TimeSpan TimeUntil(double amount, TimeSpan now)
        {
            Refill(now);
            var missing = Math.Min(amount, Capacity) - _tokens;
            return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(missing / Rate * TimeSpan.TicksPerSecond));
        }

        /// <summary>Changes the rate from now on; tokens above the new capacity are dropped.</summary>
        public void SetRate(double ratePerSecond, TimeSpan now)
        {
            Refill(now);
            Rate = ratePerSecond;
            _tokens = Math.Min(_tokens, Capacity);
        }

        /// <summary>Empties the bucket (keeping any debt), e.g. after the service said the shard is over its limit.</summary>
        public void Drain(TimeSpan now)
        {
            Refill(now);
            _tokens = Math.Min(_tokens, 0);
        }

        private void Refill(TimeSpan now)
        {
            if (now <= _updatedAt)
            {
                return;
            }

            _tokens = Math.Min(Capacity, _tokens + (Rate * (now - _updatedAt).TotalSeconds));
            _updatedAt = now;
        }
    }
}
