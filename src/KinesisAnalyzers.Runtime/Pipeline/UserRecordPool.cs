using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Recycles delivered AddAsync records, with the buffers that hold their data, so a steady stream of records
    /// allocates nothing per record. The loop gives records back a request entry at a time, packed into chunks; a caller
    /// takes a whole chunk into a slot picked by its thread and rents from it one record at a time under that slot's
    /// lock, which no other thread usually touches: no shared counter or queue is written per record. What it keeps is
    /// bounded in bytes (data buffers plus an estimate of the object): a quarter of MaximumBufferedBytes, at most 64 MiB;
    /// beyond that, records are left to the garbage collector. Thread-safe.
    /// </summary>
    internal sealed class UserRecordPool
    {
        /// <summary>A rough size of a record object without its data, to count records against the bound.</summary>
        private const int RecordOverhead = 192;

        private const int ChunkSize = 64;
        private const int SlotCount = 16;

        private readonly ConcurrentQueue<Chunk> _full = new ConcurrentQueue<Chunk>();
        private readonly ConcurrentQueue<Chunk> _empty = new ConcurrentQueue<Chunk>();
        private readonly Slot[] _slots = new Slot[SlotCount];
        private readonly long _maxRetainedBytes;
        private readonly int _maxBufferBytes;
        private long _retainedBytes;
        private int _count;

        /// <param name="maxBufferedBytes">MaximumBufferedBytes.</param>
        public UserRecordPool(long maxBufferedBytes)
        {
            _maxRetainedBytes = RecyclingLimit.Of(maxBufferedBytes);

            // A record with a large payload keeps its object but not its buffer: one 10 MiB record must not pin 10 MiB.
            _maxBufferBytes = (int)Math.Min(64 * 1024, _maxRetainedBytes / 64);
            for (var i = 0; i < _slots.Length; i++)
            {
                _slots[i] = new Slot();
            }
        }

        /// <summary>Records the pool holds now, counting a chunk callers rent from in full until it is used up (tests).</summary>
        public int Count => Volatile.Read(ref _count);

        /// <summary>Bytes the pool holds now, as it counts them (as <see cref="Count"/>: on the safe side) (tests).</summary>
        public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

        /// <summary>A record to fill with <see cref="UserRecord.Accept"/>: a recycled one when there is one.</summary>
        public UserRecord Rent()
        {
            var slot = _slots[Environment.CurrentManagedThreadId & (SlotCount - 1)];
            lock (slot)
            {
                var chunk = slot.Chunk;
                if (chunk is null || chunk.Count == 0)
                {
                    if (chunk is not null)
                    {
                        // A chunk counts in full until it is used up: the bound errs on the safe side, and renting
                        // writes no shared counter per record.
                        Interlocked.Add(ref _retainedBytes, -chunk.Cost);
                        Interlocked.Add(ref _count, -chunk.Published);
                        _empty.Enqueue(chunk);
                        slot.Chunk = null;
                    }

                    if (!_full.TryDequeue(out chunk))
                    {
                        return new UserRecord();
                    }

                    slot.Chunk = chunk;
                }

                var record = chunk.Records[--chunk.Count]!;
                chunk.Records[chunk.Count] = null;
                return record;
            }
        }

        /// <summary>
        /// Takes back completed records nothing else refers to (<see cref="UserRecord.Recyclable"/>); clears
        /// <paramref name="records"/>. Called by one thread at a time (the loop).
        /// </summary>
        public void Return(List<UserRecord> records)
        {
            Chunk? chunk = null;
            long chunkCost = 0;
            foreach (var record in records)
            {
                if (record.RetainedBytes > _maxBufferBytes)
                {
                    record.DropBuffer();
                }

                var cost = Cost(record);
                if (Interlocked.Read(ref _retainedBytes) + chunkCost + cost > _maxRetainedBytes)
                {
                    break;
                }

                chunk ??= TakeEmptyChunk();
                chunk.Records[chunk.Count++] = record;
                chunkCost += cost;
                if (chunk.Count == ChunkSize)
                {
                    Publish(chunk, chunkCost);
                    chunk = null;
                    chunkCost = 0;
                }
            }

            if (chunk is not null)
            {
                Publish(chunk, chunkCost);
            }

            records.Clear();
        }

        private static long Cost(UserRecord record) => RecordOverhead + record.RetainedBytes;

        private Chunk TakeEmptyChunk() => _empty.TryDequeue(out var chunk) ? chunk : new Chunk();

        /// <summary>Counts a filled chunk in (before callers can take from it, so the counts never go below zero) and shares it.</summary>
        private void Publish(Chunk chunk, long cost)
        {
            chunk.Cost = cost;
            chunk.Published = chunk.Count;
            Interlocked.Add(ref _retainedBytes, cost);
            Interlocked.Add(ref _count, chunk.Count);
            _full.Enqueue(chunk);
        }

        private sealed class Chunk
        {
            public readonly UserRecord?[] Records = new UserRecord?[ChunkSize];

            /// <summary>Records not yet rented.</summary>
            public int Count;

            /// <summary>Records and bytes the chunk was counted with when it was shared.</summary>
            public int Published;

            public long Cost;
        }

        /// <summary>The chunk callers on some threads rent from (locked by the slot object).</summary>
        private sealed class Slot
        {
            public Chunk? Chunk;

            // Keeps two slots' fields off one cache line: callers on different threads lock different slots.
#pragma warning disable CS0169, IDE0051 // never read: padding
            private long _pad1, _pad2, _pad3, _pad4, _pad5, _pad6, _pad7, _pad8;
#pragma warning restore CS0169, IDE0051
        }
    }
}
