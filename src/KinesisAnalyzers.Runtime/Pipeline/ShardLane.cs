using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Everything queued for one predicted shard: its aggregator, its entries ready to go (oldest first;
    /// retries return to the head), its rate limiter, and how many of its entries are out (collected,
    /// in flight or waiting to retry). The unknown lane holds records no shard map could place. Loop thread
    /// only, except <see cref="BufferedRecords"/>.
    /// </summary>
    internal sealed class ShardLane
    {
        private readonly List<ShardLane> _olderLanes = new List<ShardLane>();
        private int _bufferedRecords;

        public ShardLane(ShardInfo? shard, ShardAggregator aggregator, ShardRateLimiter? limiter)
        {
            Shard = shard;
            Aggregator = aggregator;
            Limiter = limiter;
        }

        /// <summary>The predicted shard; null for the unknown lane.</summary>
        public ShardInfo? Shard { get; }

        public string? ShardId => Shard?.ShardId;

        public ShardAggregator Aggregator { get; }

        /// <summary>The shard's pacing; null for the unknown lane, whose records may go to any shard.</summary>
        public ShardRateLimiter? Limiter { get; }

        /// <summary>Sealed entries waiting for the limiter, oldest first.</summary>
        public LinkedList<PutRecordsEntry> Ready { get; } = new LinkedList<PutRecordsEntry>();

        /// <summary>Entries of this lane in the collector, in flight, or waiting out a retry backoff.</summary>
        public int Outstanding { get; private set; }

        /// <summary>The shard closed in a reshard: nothing more is sent from here; what is left is routed again.</summary>
        public bool Retired { get; set; }

        /// <summary>The lane is gone from the table.</summary>
        public bool Removed { get; set; }

        /// <summary>
        /// The unknown lane holds records from before the current map: it sends nothing more until what it has out
        /// is back, then its records are routed again with the map.
        /// </summary>
        public bool Rerouting { get; set; }

        /// <summary>An aggregated entry landed on a shard that does not own all its records: wait for a new shard map.</summary>
        public bool AwaitingMap { get; set; }

        /// <summary>The lane still holds records routed by an older map (a retired lane, or the unknown lane being rerouted).</summary>
        public bool Draining => (Retired && !Removed) || Rerouting;

        /// <summary>User records routed here and not yet completed (readable from any thread).</summary>
        public int BufferedRecords => Volatile.Read(ref _bufferedRecords);

        public bool IsEmpty => Aggregator.Count == 0 && Ready.Count == 0 && Outstanding == 0;

        /// <summary>
        /// True while a lane of an older map that covers part of this lane's key range still holds records (a parent,
        /// a grandparent the producer never saw, or the unknown lane): this lane waits so records of a key written
        /// before the reshard go before those written after it.
        /// </summary>
        public bool WaitsForOlderLanes
        {
            get
            {
                if (_olderLanes.Count == 0)
                {
                    return false;
                }

                _olderLanes.RemoveAll(p => !p.Draining);
                return _olderLanes.Count > 0;
            }
        }

        /// <summary>Whether the head entry may leave now: in strict mode only one entry of a shard is out at a time.</summary>
        public bool CanDispatch(bool strictOrdering) =>
            !Retired && !Rerouting && !AwaitingMap && Ready.Count > 0 && (!strictOrdering || Outstanding == 0) && !WaitsForOlderLanes;

        /// <summary>Makes this lane wait until <paramref name="older"/> no longer holds records of an older map.</summary>
        public void WaitFor(ShardLane older) => _olderLanes.Add(older);

        /// <summary>True when the two lanes' key ranges meet; the unknown lane meets every lane.</summary>
        public bool Overlaps(ShardLane other) =>
            Shard is null || other.Shard is null || (Shard.Start <= other.Shard.End && other.Shard.Start <= Shard.End);

        /// <summary>An entry left for the collector (and then the sender).</summary>
        public void Dispatched() => Outstanding++;

        /// <summary>An entry that was out is back: written, failed, or returning to the queue.</summary>
        public void Returned() => Outstanding--;

        /// <summary>Routes a record here; entries the aggregator completes join the tail of <see cref="Ready"/>.</summary>
        public void Add(UserRecord record, List<PutRecordsEntry> scratch)
        {
            Attach(record);
            Aggregator.Add(record, scratch);
            foreach (var entry in scratch)
            {
                Enqueue(entry);
            }

            scratch.Clear();
        }

        public void Enqueue(PutRecordsEntry entry)
        {
            entry.Lane = this;
            Ready.AddLast(entry);
        }

        /// <summary>Puts an entry back at the head, ahead of newer entries (retries keep their place in the order).</summary>
        public void EnqueueFront(PutRecordsEntry entry)
        {
            entry.Lane = this;
            Ready.AddFirst(entry);
        }

        /// <summary>Counts a record as routed here.</summary>
        public void Attach(UserRecord record)
        {
            record.Lane?.Detach(record);
            record.Lane = this;
            Interlocked.Increment(ref _bufferedRecords);
        }

        /// <summary>Stops counting a record (completed, or routed elsewhere).</summary>
        public void Detach(UserRecord record)
        {
            if (record.Lane == this)
            {
                record.Lane = null;
                Interlocked.Decrement(ref _bufferedRecords);
            }
        }
    }
}
