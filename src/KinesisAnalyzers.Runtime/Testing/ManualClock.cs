using System;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// A clock that moves only when a test advances it, for a <see cref="ShardSimulator"/> whose shard limits must
    /// not depend on how fast the machine runs: <c>new ShardSimulator(1, clock: () =&gt; clock.Now)</c>.
    /// </summary>
    public sealed class ManualClock
    {
        private long _ticks;

        /// <summary>Creates a clock showing <paramref name="start"/> (zero by default).</summary>
        public ManualClock(TimeSpan start = default)
        {
            _ticks = start.Ticks;
        }

        /// <summary>The current time.</summary>
        public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        /// <summary>Moves the clock forward by <paramref name="duration"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative: the clock never goes back.</exception>
        public void Advance(TimeSpan duration)
        {
            if (duration < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, "A clock only moves forward.");
            }

            Interlocked.Add(ref _ticks, duration.Ticks);
        }

        /// <inheritdoc />
        public override string ToString() => Now.ToString();
    }
}
