using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Recycles delivered AddAsync records, with the buffers that hold their data, so a steady stream of records
    /// allocates nothing per record. Callers rent one record at a time, the loop gives back a request's worth, through
    /// a lock-free queue (no lock for the callers to contend on). What it keeps is bounded in bytes (data buffers plus
    /// an estimate of the object): a quarter of MaximumBufferedBytes, at most 64 MiB; beyond that, records are left to
    /// the garbage collector. Thread-safe.
    /// </summary>
    internal sealed class UserRecordPool
    {
        /// <summary>A rough size of a record object without its data, to count records against the bound.</summary>
        private const int RecordOverhead = 192;

        private readonly ConcurrentQueue<UserRecord> _free = new ConcurrentQueue<UserRecord>();
        private readonly long _maxRetainedBytes;
        private readonly int _maxBufferBytes;
        private long _retainedBytes;

        /// <param name="maxBufferedBytes">MaximumBufferedBytes.</param>
        public UserRecordPool(long maxBufferedBytes)
        {
            _maxRetainedBytes = RecyclingLimit.Of(maxBufferedBytes);

            // A record with a large payload keeps its object but not its buffer: one 10 MiB record must not pin 10 MiB.
            _maxBufferBytes = (int)System.Math.Min(64 * 1024, _maxRetainedBytes / 64);
        }

        /// <summary>Records the pool holds now (tests).</summary>
        public int Count => _free.Count;

        /// <summary>Bytes the pool holds now, as it counts them (tests).</summary>
        public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

        /// <summary>A record to fill with <see cref="UserRecord.Accept"/>: a recycled one when there is one.</summary>
        public UserRecord Rent()
        {
            if (_free.TryDequeue(out var record))
            {
                Interlocked.Add(ref _retainedBytes, -Cost(record));
                return record;
            }

            return new UserRecord();
        }

        /// <summary>
        /// Takes back completed records nothing else refers to (<see cref="UserRecord.Recyclable"/>); clears
        /// <paramref name="records"/>.
        /// </summary>
        public void Return(List<UserRecord> records)
        {
            foreach (var record in records)
            {
                if (record.RetainedBytes > _maxBufferBytes)
                {
                    record.DropBuffer();
                }

                var cost = Cost(record);
                if (Interlocked.Add(ref _retainedBytes, cost) > _maxRetainedBytes)
                {
                    Interlocked.Add(ref _retainedBytes, -cost);
                    break;
                }

                _free.Enqueue(record);
            }

            records.Clear();
        }

        private static long Cost(UserRecord record) => RecordOverhead + record.RetainedBytes;
    }
}
