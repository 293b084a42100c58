using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Packs the records of one predicted shard into KPL aggregated records. Only records of the same shard
    /// share an aggregated record (KCL may drop user records that lie outside the shard they arrive on);
    /// the outer record's explicit hash key is the hash key of its first user record, so it lands on that
    /// shard. A record that ends up alone is sent plain, with its own keys. Loop thread only.
    /// </summary>
    internal sealed class ShardAggregator
    {
        /// <summary>The outer partition key; any key does, since the explicit hash key routes the record (KPL uses "a").</summary>
        public const string OuterPartitionKey = "a";

        private readonly AggregatedRecordBuilder? _builder;
        private readonly TimeSpan _linger;
        private readonly EntryRecycler? _recycler;
        private List<UserRecord> _records;

        /// <param name="enabled">False to send every record plain.</param>
        /// <param name="maxAggregatedBytes">The largest aggregated record's data.</param>
        /// <param name="linger">RecordMaxBufferedTime: how long the first record may wait for company.</param>
        /// <param name="recycler">Where aggregated records take their buffers and record lists from; null to allocate them.</param>
        public ShardAggregator(bool enabled, int maxAggregatedBytes, TimeSpan linger, EntryRecycler? recycler = null)
        {
            _builder = enabled ? new AggregatedRecordBuilder(maxAggregatedBytes) : null;
            _linger = linger;
            _recycler = recycler;
            _records = recycler?.RentList() ?? new List<UserRecord>();
        }

        /// <summary>Records waiting in the open aggregated record.</summary>
        public int Count => _records.Count;

        /// <summary>When the open aggregated record must be sealed: its oldest record's linger or TTL, whichever comes first.</summary>
        public TimeSpan SealDeadline
        {
            get
            {
                var oldest = _records[0];
                var linger = oldest.AcceptedAt + _linger;
                return linger < oldest.ExpiresAt ? linger : oldest.ExpiresAt;
            }
        }

        /// <summary>The smallest record id in the open aggregated record.</summary>
        public long OldestId
        {
            get
            {
                var oldest = long.MaxValue;
                foreach (var record in _records)
                {
                    oldest = Math.Min(oldest, record.Id);
                }

                return oldest;
            }
        }

        /// <summary>Adds a record; entries that became complete are appended to <paramref name="sealedEntries"/> in order.</summary>
        public void Add(UserRecord record, List<PutRecordsEntry> sealedEntries)
        {
            if (_builder is null)
            {
                sealedEntries.Add(Plain(record));
                return;
            }

            if (!_builder.TryAdd(record.PartitionKey, record.ExplicitHashKey, record.Data))
            {
                sealedEntries.Add(Seal()!);
                _builder.TryAdd(record.PartitionKey, record.ExplicitHashKey, record.Data);
            }

            _records.Add(record);

            // Only a lone record can exceed the limit (the first is always accepted): it travels plain, at once.
            if (_builder.EncodedSize >= _builder.MaxSizeBytes)
            {
                sealedEntries.Add(Seal()!);
            }
        }

        /// <summary>Closes the open aggregated record into an entry (whose MD5 <see cref="PutRecordsEntry.CompleteRecord"/> writes before it is sent); null when empty.</summary>
        public PutRecordsEntry? Seal()
        {
            if (_records.Count == 0)
            {
                return null;
            }

            PutRecordsEntry entry;
            if (_records.Count == 1)
            {
                entry = Plain(_records[0]);
            }
            else
            {
                var first = _records[0];
                var buffer = _recycler?.RentBuffer(_builder!.EncodedSize) ?? new byte[_builder!.EncodedSize];
                // The MD5 over the whole record is left to the sender's thread: it was a fifth of the loop's time per record.
                var length = _builder.BuildInto(buffer, withDigest: false);
                var record = new TransportRecord(OuterPartitionKey, first.HashKeyText, new ReadOnlyMemory<byte>(buffer, 0, length));
                // With a recycler, the list goes with the entry (and comes back through the recycler); the next record gets another.
                entry = _recycler is null
                    ? new PutRecordsEntry(_records.ToArray(), record, aggregated: true, first.AcceptedAt + _linger)
                    : new PutRecordsEntry(_records, record, aggregated: true, first.AcceptedAt + _linger) { PooledBuffer = buffer, PooledRecords = _records };
                entry.AwaitDigest(buffer);
                if (_recycler is not null)
                {
                    _builder.Reset();
                    _records = _recycler.RentList();
                    return entry;
                }
            }

            _builder?.Reset();
            _records.Clear();
            return entry;
        }

        /// <summary>Removes and returns the records of the open aggregated record, to route them elsewhere.</summary>
        public List<UserRecord> TakeAll()
        {
            var records = new List<UserRecord>(_records);
            _builder?.Reset();
            _records.Clear();
            return records;
        }

        private PutRecordsEntry Plain(UserRecord record) =>
            new PutRecordsEntry(new[] { record }, new TransportRecord(record.PartitionKey, record.ExplicitHashKey, record.Data), aggregated: false, record.AcceptedAt + _linger);
    }
}
