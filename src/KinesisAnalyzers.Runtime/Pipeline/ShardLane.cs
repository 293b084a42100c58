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
        private readonly List<ShardLane> _parents = new List<ShardLane>();
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
        public int Outstanding { get; set; }

        /// <summary>The shard closed in a reshard: nothing more is sent from here; what is left is routed again.</summary>
        public bool Retired { get; set; }

        /// <summary>The lane is gone from the table.</summary>
        public bool Removed { get; set; }

        /// <summary>User records routed here and not yet completed (readable from any thread).</summary>
        public int BufferedRecords => Volatile.Read(ref _bufferedRecords);

        public bool IsEmpty => Aggregator.Count == 0 && Ready.Count == 0 && Outstanding == 0;

        /// <summary>
        /// True while a parent shard's lane still holds records: a child waits so records of a key written
        /// before the reshard go before those written after it.
        /// </summary>
        public bool WaitsForParents
        {
            get
            {
                _parents.RemoveAll(p => p.Removed);
                return _parents.Count > 0;
            }
        }

        /// <summary>Whether the head entry may leave now: in strict mode only one entry of a shard is out at a time.</summary>
        public bool CanDispatch(bool strictOrdering) =>
            !Retired && Ready.Count > 0 && (!strictOrdering || Outstanding == 0) && !WaitsForParents;

        public void AddParent(ShardLane parent) => _parents.Add(parent);

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
