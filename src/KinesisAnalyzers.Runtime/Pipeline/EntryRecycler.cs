using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Keeps the buffers of aggregated records (each AggregationMaxBytes long) and the lists of user records inside
    /// them once their entry is done, so aggregating allocates nothing per record in steady state. What it keeps is
    /// bounded (a quarter of MaximumBufferedBytes, at most 64 MiB). An entry whose bytes a transport call may still
    /// read (the call was abandoned) is never recycled. Loop thread only.
    /// </summary>
    internal sealed class EntryRecycler
    {
        private readonly Stack<byte[]> _buffers = new Stack<byte[]>();
        private readonly Stack<List<UserRecord>> _lists = new Stack<List<UserRecord>>();
        private readonly int _bufferBytes;
        private readonly int _maxKept;

        /// <param name="bufferBytes">The size of an aggregated record's buffer: the largest aggregated record.</param>
        /// <param name="maxBufferedBytes">MaximumBufferedBytes.</param>
        public EntryRecycler(int bufferBytes, long maxBufferedBytes)
        {
            _bufferBytes = bufferBytes;
            _maxKept = (int)Math.Max(1, RecyclingLimit.Of(maxBufferedBytes) / bufferBytes);
        }

        /// <summary>Buffers kept now (tests).</summary>
        public int BufferCount => _buffers.Count;

        /// <summary>A buffer of at least <paramref name="length"/> bytes for an aggregated record.</summary>
        public byte[] RentBuffer(int length)
        {
            if (length > _bufferBytes)
            {
                return new byte[length];
            }

            return _buffers.Count > 0 ? _buffers.Pop() : new byte[_bufferBytes];
        }

        /// <summary>An empty list for the user records of the next aggregated record.</summary>
        public List<UserRecord> RentList() => _lists.Count > 0 ? _lists.Pop() : new List<UserRecord>();

        /// <summary>
        /// The entry is done (delivered, failed, expired, or broken up to route its records again): keeps its buffer
        /// and record list for the next aggregated record. Call once, when nothing refers to the entry any more.
        /// </summary>
        public void Recycle(PutRecordsEntry entry)
        {
            var buffer = entry.TakeRecyclables(out var list);
            if (buffer is not null && buffer.Length == _bufferBytes && _buffers.Count < _maxKept)
            {
                _buffers.Push(buffer);
            }

            if (list is not null && _lists.Count < _maxKept)
            {
                list.Clear();
                _lists.Push(list);
            }
        }
    }
}
