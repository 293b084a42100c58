using System;
using System.Threading;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Exponential backoff with full jitter: the delay before retry n (1-based) is uniform in
    /// [0, min(MaxDelay, BaseDelay * 2^(n-1))]. Full jitter spreads retries of many clients apart.
    /// </summary>
    public sealed class KinesisBackoff
    {
        private static int _seed = Environment.TickCount;

        [ThreadStatic]
        private static Random? _random;

        /// <summary>Creates a backoff.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A delay is negative, or <paramref name="maxDelay"/> is below <paramref name="baseDelay"/>.</exception>
        public KinesisBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
        {
            if (baseDelay < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The base delay must not be negative.");
            }

            if (maxDelay < baseDelay)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "The maximum delay must not be below the base delay.");
            }

            BaseDelay = baseDelay;
            MaxDelay = maxDelay;
        }

        /// <summary>The SDK-independent default: 100 ms base, 5 s cap.</summary>
        public static KinesisBackoff Default { get; } = new KinesisBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

        /// <summary>The ceiling of the first retry's delay.</summary>
        public TimeSpan BaseDelay { get; }

        /// <summary>The largest delay ever returned.</summary>
        public TimeSpan MaxDelay { get; }

        /// <summary>The largest delay retry <paramref name="retry"/> (1-based) may draw.</summary>
        public TimeSpan Ceiling(int retry)
        {
            if (retry < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(retry), retry, "Retries are counted from 1.");
            }

            // Cap the exponent so the shift cannot overflow; the MaxDelay cap applies long before.
            var factor = Math.Pow(2, Math.Min(retry - 1, 30));
            var ticks = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * factor);
            return TimeSpan.FromTicks((long)ticks);
        }

        /// <summary>A random delay for retry <paramref name="retry"/> (1-based), uniform in [0, <see cref="Ceiling"/>].</summary>
        public TimeSpan Delay(int retry)
        {
            var ceiling = Ceiling(retry);
            var random = _random ??= new Random(Interlocked.Increment(ref _seed));
            return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling.Ticks));
        }
    }
}
