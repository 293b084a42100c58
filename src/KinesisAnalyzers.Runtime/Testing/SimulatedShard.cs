using System;
using System.Collections.Generic;
using System.Numerics;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// One shard of a <see cref="ShardSimulator"/>: its inclusive hash key range, its write limits, and what it
    /// accepted and throttled.
    /// </summary>
    /// <remarks>
    /// The limits are two token buckets refilled continuously at exactly 1 MiB/s and 1,000 records/s: one of bytes
    /// (data plus UTF-8 partition key) and one of records. Each holds at most one second of the shard's rate, so a
    /// shard idle for a second takes one second's worth at once (1 MiB or 1,000 records, in any sub-second burst),
    /// and no window of t seconds holds more than (1 + t) seconds' worth. On a stream that accepts records larger
    /// than 1 MiB (<see cref="ShardSimulator.MaxRecordBytes"/> above 1 MiB) the byte bucket holds up to that size,
    /// as the service lets such a stream burst to 10 MiB while averaging 1 MiB/s. The service documents its limits
    /// per second without publishing its algorithm; this is the model the simulator enforces. An entry is written
    /// only when both buckets hold enough for it; a refused entry takes no tokens.
    /// </remarks>
    public sealed class SimulatedShard
    {
        private const long BytesPerSecond = ShardSimulator.ShardBytesPerSecond;

        private const long RecordsPerSecond = ShardSimulator.ShardRecordsPerSecond;

        // The longest refill that matters: an empty bucket of the largest burst (10 MiB) refills in 10 s.
        private const long LongestRefillTicks = 10 * TimeSpan.TicksPerSecond;

        private const long RecordCapacity = RecordsPerSecond * TimeSpan.TicksPerSecond;

        private readonly ShardSimulator _owner;
        private readonly SimulatorHashKey _start;
        private readonly SimulatorHashKey _end;
        private readonly object _lock;
        private readonly List<TimeSpan> _acceptedAt = new List<TimeSpan>();
        private readonly List<TimeSpan> _throttledAt = new List<TimeSpan>();

        // Tokens are kept in units of 1/TicksPerSecond (bytes x ticks, records x ticks), so refills on any clock
        // are exact integers: after 1 ms exactly one record's tokens are back, with no rounding drift.
        private long _byteTokens;
        private long _recordTokens;
        private TimeSpan _refilledAt;
        private bool _started;
        private bool _isOpen = true;
        private int _acceptedEntries;
        private long _acceptedBytes;
        private int _throttledEntries;

        internal SimulatedShard(
            ShardSimulator owner, object simulatorLock, string shardId, BigInteger startingHashKey, BigInteger endingHashKey, string? parentShardId, string? adjacentParentShardId)
        {
            _owner = owner;
            _lock = simulatorLock;
            ShardId = shardId;
            StartingHashKey = startingHashKey;
            EndingHashKey = endingHashKey;
            _start = SimulatorHashKey.From(startingHashKey);
            _end = SimulatorHashKey.From(endingHashKey);
            ParentShardId = parentShardId;
            AdjacentParentShardId = adjacentParentShardId;
        }

        /// <summary>The shard id, e.g. <c>shardId-000000000003</c>, numbered in creation order as Kinesis does.</summary>
        public string ShardId { get; }

        /// <summary>The lowest hash key this shard owns.</summary>
        public BigInteger StartingHashKey { get; }

        /// <summary>The highest hash key this shard owns (inclusive).</summary>
        public BigInteger EndingHashKey { get; }

        /// <summary>The shard this one was split from or merged from, or null for an original shard.</summary>
        public string? ParentShardId { get; }

        /// <summary>The second parent of a merged shard, or null.</summary>
        public string? AdjacentParentShardId { get; }

        /// <summary>True while the shard takes writes; false once it was split or merged (it is then closed).</summary>
        public bool IsOpen
        {
            get
            {
                lock (_lock)
                {
                    return _isOpen;
                }
            }
        }

        /// <summary>Kinesis records (PutRecords entries) this shard wrote.</summary>
        public int AcceptedEntries
        {
            get
            {
                lock (_lock)
                {
                    return _acceptedEntries;
                }
            }
        }

        /// <summary>Bytes this shard wrote, counted as the limit counts them: data plus UTF-8 partition key.</summary>
        public long AcceptedBytes
        {
            get
            {
                lock (_lock)
                {
                    return _acceptedBytes;
                }
            }
        }

        /// <summary>Entries this shard refused with ProvisionedThroughputExceededException.</summary>
        public int ThrottledEntries
        {
            get
            {
                lock (_lock)
                {
                    return _throttledEntries;
                }
            }
        }

        /// <summary>
        /// The bytes (data plus key) the shard would take now without throttling: what its byte bucket holds on the
        /// simulator's clock. The most it takes in the next t seconds is this plus t x 1 MiB.
        /// </summary>
        public long AvailableBytes
        {
            get
            {
                lock (_lock)
                {
                    RefillNow();
                    return _byteTokens / TimeSpan.TicksPerSecond;
                }
            }
        }

        /// <summary>The records the shard would take now without throttling: what its record bucket holds on the simulator's clock.</summary>
        public int AvailableRecords
        {
            get
            {
                lock (_lock)
                {
                    RefillNow();
                    return (int)(_recordTokens / TimeSpan.TicksPerSecond);
                }
            }
        }

        /// <summary>When each entry was written, in order, on the simulator's clock.</summary>
        public IReadOnlyList<TimeSpan> AcceptedAt
        {
            get
            {
                lock (_lock)
                {
                    return _acceptedAt.ToArray();
                }
            }
        }

        /// <summary>When each entry was throttled, in order, on the simulator's clock.</summary>
        public IReadOnlyList<TimeSpan> ThrottledAt
        {
            get
            {
                lock (_lock)
                {
                    return _throttledAt.ToArray();
                }
            }
        }

        /// <summary>True when <paramref name="hashKey"/> lies in this shard's range.</summary>
        public bool Contains(BigInteger hashKey) => hashKey >= StartingHashKey && hashKey <= EndingHashKey;

        /// <summary>True when <paramref name="hashKey"/> lies in this shard's range (the allocation-free form).</summary>
        internal bool Contains(SimulatorHashKey hashKey) => hashKey.IsAtLeast(_start) && hashKey.IsAtMost(_end);

        /// <summary>The most entries written within any window of <paramref name="window"/> (a window is half-open).</summary>
        public int MaxAcceptedWithin(TimeSpan window)
        {
            var times = AcceptedAt;
            var max = 0;
            var first = 0;
            for (var last = 0; last < times.Count; last++)
            {
                while (times[last] - times[first] >= window)
                {
                    first++;
                }

                max = Math.Max(max, last - first + 1);
            }

            return max;
        }

        /// <inheritdoc />
        public override string ToString() => ShardId;

        /// <summary>Closes the shard (split or merge). Called under the simulator's lock.</summary>
        internal void Close() => _isOpen = false;

        /// <summary>
        /// Takes tokens for an entry of <paramref name="bytes"/> bytes and returns true, or counts a throttle.
        /// Called under the simulator's lock.
        /// </summary>
        /// <param name="bytes">The entry's size: data plus UTF-8 partition key.</param>
        /// <param name="byteBurst">The byte bucket's capacity: 1 MiB, or the stream's record size limit when larger.</param>
        /// <param name="now">The simulator's clock.</param>
        /// <param name="enforceLimits">False to accept and count the entry without taking tokens.</param>
        internal bool TryAccept(int bytes, long byteBurst, TimeSpan now, bool enforceLimits)
        {
            Refill(now, byteBurst);
            var byteCost = bytes * TimeSpan.TicksPerSecond;
            if (enforceLimits && (_byteTokens < byteCost || _recordTokens < TimeSpan.TicksPerSecond))
            {
                _throttledEntries++;
                _throttledAt.Add(now);
                return false;
            }

            if (enforceLimits)
            {
                _byteTokens -= byteCost;
                _recordTokens -= TimeSpan.TicksPerSecond;
            }

            _acceptedEntries++;
            _acceptedBytes += bytes;
            _acceptedAt.Add(now);
            return true;
        }

        private void RefillNow() => Refill(_owner.Now, _owner.ByteBurst);

        private void Refill(TimeSpan now, long byteBurst)
        {
            var byteCapacity = byteBurst * TimeSpan.TicksPerSecond;
            if (!_started)
            {
                // A shard never written to is full, to the burst its stream allows when first used.
                _started = true;
                _byteTokens = byteCapacity;
                _recordTokens = RecordCapacity;
                _refilledAt = now;
                return;
            }

            if (now <= _refilledAt)
            {
                return;
            }

            // Longer gaps fill both buckets whatever they held, so they are capped (no overflow).
            var ticks = Math.Min((now - _refilledAt).Ticks, LongestRefillTicks);
            _byteTokens = Math.Min(byteCapacity, _byteTokens + (BytesPerSecond * ticks));
            _recordTokens = Math.Min(RecordCapacity, _recordTokens + (RecordsPerSecond * ticks));
            _refilledAt = now;
        }
    }
}
