using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Accepted records on their way from the callers to the loop, in accept order. Callers append to one list
    /// under a short lock; the reader swaps it for the list it emptied, so records move in batches and no
    /// queue node or segment is allocated per record. Thread-safe (readers too, for the fault paths).
    /// </summary>
    internal sealed class RecordInbox
    {
        private readonly object _writeLock = new object();
        private readonly object _readLock = new object();
        private List<UserRecord> _writing = new List<UserRecord>();
        private List<UserRecord> _reading = new List<UserRecord>();
        private int _readIndex;
        private long _count;

        /// <summary>Records posted and not yet taken.</summary>
        public long Count => Interlocked.Read(ref _count);

        public bool IsEmpty => Count == 0;

        /// <summary>Appends a record; returns how many records wait now, this one included.</summary>
        public long Post(UserRecord record)
        {
            lock (_writeLock)
            {
                _writing.Add(record);
            }

            return Interlocked.Increment(ref _count);
        }

        /// <summary>Moves up to <paramref name="max"/> records, oldest first, to the end of <paramref name="destination"/>.</summary>
        public int TakeUpTo(int max, List<UserRecord> destination)
        {
            var taken = 0;
            lock (_readLock)
            {
                while (taken < max && Refill())
                {
                    var end = System.Math.Min(_reading.Count, _readIndex + (max - taken));
                    for (; _readIndex < end; _readIndex++, taken++)
                    {
                        destination.Add(_reading[_readIndex]);
                    }
                }
            }

            Interlocked.Add(ref _count, -taken);
            return taken;
        }

        /// <summary>The oldest record not yet taken.</summary>
        public bool TryPeek(out UserRecord record)
        {
            lock (_readLock)
            {
                if (Refill())
                {
                    record = _reading[_readIndex];
                    return true;
                }
            }

            record = null!;
            return false;
        }

        /// <summary>Takes the oldest record.</summary>
        public bool TryTake(out UserRecord record)
        {
            lock (_readLock)
            {
                if (!Refill())
                {
                    record = null!;
                    return false;
                }

                record = _reading[_readIndex];
                _reading[_readIndex++] = null!;
            }

            Interlocked.Decrement(ref _count);
            return true;
        }

        // Under _readLock: makes the next record readable, swapping in what callers posted once the read list is done.
        private bool Refill()
        {
            if (_readIndex < _reading.Count)
            {
                return true;
            }

            _reading.Clear();
            _readIndex = 0;
            lock (_writeLock)
            {
                (_reading, _writing) = (_writing, _reading);
            }

            return _reading.Count > 0;
        }
    }
}
