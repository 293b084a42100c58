using System;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// When the loop runs next: at once while records wait, after a short nap while records keep flowing, otherwise
    /// at the earliest deadline any stage has (first map load, refresh, backoff, linger, TTL, rate limiter), or
    /// when something wakes it. Loop thread only, except <see cref="Napping"/>.
    /// </summary>
    internal sealed class WakeSchedule
    {
        private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

        /// <summary>While records keep arriving, the loop comes back for them after this long instead of being woken.</summary>
        private static readonly TimeSpan BusyNap = TimeSpan.FromMilliseconds(1);

        private readonly RecordInbox _incoming;
        private readonly ShardMapUpdater _maps;
        private readonly ShardMapRefreshSchedule _refresh;
        private readonly Retrier _retrier;
        private readonly Collector _collector;
        private readonly ShardLaneTable _lanes;
        private readonly bool _strictOrdering;
        private volatile bool _napping;

        public WakeSchedule(RecordInbox incoming, ShardMapUpdater maps, ShardMapRefreshSchedule refresh, Retrier retrier, Collector collector, ShardLaneTable lanes, bool strictOrdering)
        {
            _incoming = incoming;
            _maps = maps;
            _refresh = refresh;
            _retrier = retrier;
            _collector = collector;
            _lanes = lanes;
            _strictOrdering = strictOrdering;
        }

        /// <summary>The loop naps and will come back on its own: callers need not wake it.</summary>
        public bool Napping => _napping;

        /// <summary>
        /// While records are flowing, the loop naps <see cref="BusyNap"/> and takes what arrived meanwhile in one batch:
        /// callers then do not wake it (a wake-up costs the caller a system call and the loop a thread hop, more than
        /// the records of a small batch cost). Otherwise it sleeps until <paramref name="wait"/> ends or it is woken.
        /// </summary>
        public TimeSpan NapOrSleep(TimeSpan wait, bool routedThisTurn)
        {
            if (routedThisTurn && wait != TimeSpan.Zero)
            {
                _napping = true;
                return wait == Timeout.InfiniteTimeSpan || wait > BusyNap ? BusyNap : wait;
            }

            _napping = false;

            // A caller that still saw the nap did not wake the loop: its record is seen here (Post counts with a full fence).
            Interlocked.MemoryBarrier();
            return !_incoming.IsEmpty && _maps.Settled ? TimeSpan.Zero : wait;
        }

        /// <summary>How long the loop may sleep: until the earliest deadline, or until woken.</summary>
        public TimeSpan TimeUntilNextWork(TimeSpan now)
        {
            if (!_incoming.IsEmpty && _maps.Settled)
            {
                return TimeSpan.Zero;
            }

            var next = TimeSpan.MaxValue;
            Consider(ref next, _refresh.NextDue);
            if (!_maps.Settled && _incoming.TryPeek(out var waiting))
            {
                Consider(ref next, waiting.ExpiresAt);
            }

            if (_maps.Settled)
            {
                Consider(ref next, _retrier.NextDue);

                // With every request slot taken, only a send completing (which wakes the loop) lets anything move.
                var requestsBlocked = _collector.HasSealed;
                if (!requestsBlocked)
                {
                    Consider(ref next, _collector.OpenDeadline);
                }

                foreach (var lane in _lanes.All)
                {
                    if (lane.Retired || lane.Rerouting)
                    {
                        continue;
                    }

                    if (lane.Aggregator.Count > 0)
                    {
                        Consider(ref next, lane.Aggregator.SealDeadline);
                    }

                    if (lane.Ready.First is { } head)
                    {
                        Consider(ref next, head.Value.ExpiresAt);
                        if (!requestsBlocked && lane.Limiter is not null && lane.CanDispatch(_strictOrdering))
                        {
                            Consider(ref next, now + lane.Limiter.TimeUntilAvailable(head.Value.Size, now));
                        }
                    }
                }
            }

            if (next == TimeSpan.MaxValue)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var wait = next - now;
            return wait < MinimumWait ? MinimumWait : wait;
        }

        private static void Consider(ref TimeSpan next, TimeSpan? candidate)
        {
            if (candidate is { } value && value < next)
            {
                next = value;
            }
        }
    }
}
