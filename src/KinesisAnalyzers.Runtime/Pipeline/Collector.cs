using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>The entries of one PutRecords request.</summary>
    internal sealed class PutRecordsBatch
    {
        private readonly List<PutRecordsEntry> _entries = new List<PutRecordsEntry>();

        public IReadOnlyList<PutRecordsEntry> Entries => _entries;

        /// <summary>Request size as Kinesis counts it: data plus partition keys.</summary>
        public int Bytes { get; private set; }

        /// <summary>When the batch must go even if not full: its earliest entry's linger deadline.</summary>
        public TimeSpan Deadline { get; private set; } = TimeSpan.MaxValue;

        public long OldestId { get; private set; } = long.MaxValue;

        public int Count => _entries.Count;

        public void Add(PutRecordsEntry entry)
        {
            _entries.Add(entry);
            Bytes += entry.Size;
            Deadline = entry.LingerDeadline < Deadline ? entry.LingerDeadline : Deadline;
            OldestId = Math.Min(OldestId, entry.OldestId);
        }

        /// <summary>Takes out entries that match <paramref name="predicate"/> (e.g. expired before sending).</summary>
        public List<PutRecordsEntry> RemoveAll(Func<PutRecordsEntry, bool> predicate)
        {
            var removed = new List<PutRecordsEntry>();
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                if (predicate(_entries[i]))
                {
                    removed.Insert(0, _entries[i]);
                    Bytes -= _entries[i].Size;
                    _entries.RemoveAt(i);
                }
            }

            return removed;
        }
    }

    /// <summary>
    /// Gathers entries from every shard into PutRecords requests of at most CollectionMaxCount entries and
    /// CollectionMaxBytes. A request is sealed when full, when its oldest entry's RecordMaxBufferedTime is
    /// up, or when a flush covers one of its records. Loop thread only.
    /// </summary>
    internal sealed class Collector
    {
        private readonly int _maxCount;
        private readonly int _maxBytes;
        private readonly Queue<PutRecordsBatch> _sealed = new Queue<PutRecordsBatch>();
        private PutRecordsBatch _open = new PutRecordsBatch();

        public Collector(int maxCount, int maxBytes)
        {
            _maxCount = maxCount;
            _maxBytes = maxBytes;
        }

        /// <summary>A sealed request is waiting to be sent.</summary>
        public bool HasSealed => _sealed.Count > 0;

        public int SealedCount => _sealed.Count;

        /// <summary>The open request's deadline, or null when it is empty.</summary>
        public TimeSpan? OpenDeadline => _open.Count > 0 ? _open.Deadline : (TimeSpan?)null;

        public int OpenCount => _open.Count;

        /// <summary>Adds an entry; seals the open request first if the entry would not fit, and after if it is full.</summary>
        public void Add(PutRecordsEntry entry)
        {
            if (_open.Count > 0 && (long)_open.Bytes + entry.Size > _maxBytes)
            {
                Seal();
            }

            _open.Add(entry);
            if (_open.Count >= _maxCount || _open.Bytes >= _maxBytes)
            {
                Seal();
            }
        }

        /// <summary>Seals the open request when its deadline has come or a flush covers it.</summary>
        public void SealIfDue(TimeSpan now, long flushMark)
        {
            if (_open.Count > 0 && (now >= _open.Deadline || _open.OldestId <= flushMark))
            {
                Seal();
            }
        }

        public PutRecordsBatch TakeSealed() => _sealed.Dequeue();

        /// <summary>Every entry held, for a last-resort failure of everything.</summary>
        public IEnumerable<PutRecordsEntry> Drain()
        {
            var entries = new List<PutRecordsEntry>();
            while (_sealed.Count > 0)
            {
                entries.AddRange(_sealed.Dequeue().Entries);
            }

            entries.AddRange(_open.Entries);
            _open = new PutRecordsBatch();
            return entries;
        }

        private void Seal()
        {
            _sealed.Enqueue(_open);
            _open = new PutRecordsBatch();
        }
    }
}
