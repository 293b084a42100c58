using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Recycles delivered AddAsync records, with the buffers that hold their data, so a steady stream of records
    /// allocates nothing per record. Callers rent one record at a time; the loop gives back a request's worth at
    /// once. What it keeps is bounded in bytes (data buffers plus an estimate of the object); beyond the bound,
    /// records are left to the garbage collector. Thread-safe.
    /// </summary>
    internal sealed class UserRecordPool
    {
        /// <summary>A rough size of a record object without its data, to count records against the bound.</summary>
        private const int RecordOverhead = 192;

        /// <summary>The most the pool keeps, whatever MaximumBufferedBytes is.</summary>
        private const long MaxRetainedBytes = 64L * 1024 * 1024;

        private readonly object _lock = new object();
        private readonly Stack<UserRecord> _free = new Stack<UserRecord>();
        private readonly long _maxRetainedBytes;
        private readonly int _maxBufferBytes;
        private long _retainedBytes;

        /// <param name="maxBufferedBytes">MaximumBufferedBytes: the pool keeps at most a quarter of it (and at most 64 MiB).</param>
        public UserRecordPool(long maxBufferedBytes)
        {
            _maxRetainedBytes = System.Math.Min(MaxRetainedBytes, maxBufferedBytes / 4);

            // A record with a large payload keeps its object but not its buffer: one 10 MiB record must not pin 10 MiB.
            _maxBufferBytes = (int)System.Math.Min(64 * 1024, _maxRetainedBytes / 64);
        }

        /// <summary>Records the pool holds now (tests).</summary>
        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _free.Count;
                }
            }
        }

        /// <summary>A record to fill with <see cref="UserRecord.Accept"/>: a recycled one when there is one.</summary>
        public UserRecord Rent()
        {
            lock (_lock)
            {
                if (_free.Count > 0)
                {
                    var record = _free.Pop();
                    _retainedBytes -= Cost(record);
                    return record;
                }
            }

            return new UserRecord();
        }

        /// <summary>
        /// Takes back completed records nothing else refers to (<see cref="UserRecord.Recyclable"/>); clears
        /// <paramref name="records"/>.
        /// </summary>
        public void Return(List<UserRecord> records)
        {
            if (records.Count == 0)
            {
                return;
            }

            lock (_lock)
            {
                foreach (var record in records)
                {
                    if (record.RetainedBytes > _maxBufferBytes)
                    {
                        record.DropBuffer();
                    }

                    var cost = Cost(record);
                    if (_retainedBytes + cost > _maxRetainedBytes)
                    {
                        break;
                    }

                    _retainedBytes += cost;
                    _free.Push(record);
                }
            }

            records.Clear();
        }

        private static long Cost(UserRecord record) => RecordOverhead + record.RetainedBytes;
    }
}
