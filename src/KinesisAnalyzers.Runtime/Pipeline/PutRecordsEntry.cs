using System;
using System.Collections.Generic;
using System.Text;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// One entry of a PutRecords request: a user record alone, or a KPL aggregated record of user records
    /// predicted for one shard. It travels as a unit through limiter, collector, sender and retrier.
    /// </summary>
    internal sealed class PutRecordsEntry
    {
        public PutRecordsEntry(IReadOnlyList<UserRecord> records, TransportRecord record, bool aggregated, TimeSpan lingerDeadline)
        {
            if (records.Count == 0)
            {
                throw new ArgumentException("An entry carries at least one user record.", nameof(records));
            }

            Records = records;
            Record = record;
            Aggregated = aggregated;
            LingerDeadline = lingerDeadline;
            Size = record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);

            ExpiresAt = TimeSpan.MaxValue;
            OldestId = long.MaxValue;
            foreach (var user in records)
            {
                ExpiresAt = user.ExpiresAt < ExpiresAt ? user.ExpiresAt : ExpiresAt;
                OldestId = Math.Min(OldestId, user.Id);
            }
        }

        private byte[]? _undigested;

        /// <summary>The user records inside, in order: a record's index is its sub-sequence number.</summary>
        public IReadOnlyList<UserRecord> Records { get; }

        /// <summary>What is sent.</summary>
        public TransportRecord Record { get; }

        public bool Aggregated { get; }

        /// <summary>Bytes as Kinesis counts them (data plus partition key), for the limiter and the request size.</summary>
        public int Size { get; }

        /// <summary>When the entry should be sent even if its request is not full: its oldest record's RecordMaxBufferedTime.</summary>
        public TimeSpan LingerDeadline { get; }

        /// <summary>
        /// When the entry expires: its records share one fate, so they expire together when the first of them
        /// does (never later than any record's TTL).
        /// </summary>
        public TimeSpan ExpiresAt { get; }

        /// <summary>The smallest record id inside, to match FlushAsync's mark.</summary>
        public long OldestId { get; }

        /// <summary>Marks the aggregated record in <paramref name="buffer"/> (what <see cref="Record"/> carries, from its start) as still lacking its trailing MD5.</summary>
        public void AwaitDigest(byte[] buffer) => _undigested = buffer;

        /// <summary>
        /// Writes the aggregated record's MD5 if it is still missing: the sender calls it on its own thread just before the
        /// first send, off the pipeline loop. The entry is then in one request only, so no other thread touches it.
        /// </summary>
        public void CompleteRecord()
        {
            if (_undigested is { } buffer)
            {
                KplFormat.WriteDigest(buffer, Record.Data.Length);
                _undigested = null;
            }
        }

        /// <summary>The lane (predicted shard) the entry belongs to.</summary>
        public ShardLane? Lane { get; set; }

        /// <summary>
        /// Where the entry was written when it landed on a shard that may not own all its user records ("wrong
        /// shard"): once the new map shows that shard's range, the records inside it count as written there.
        /// </summary>
        public (string ShardId, string SequenceNumber)? WrongShardLanding { get; set; }

        /// <summary>Failed tries so far; the next backoff grows with it.</summary>
        public int Retries { get; set; }

        /// <summary>
        /// A transport call that carried the entry was abandoned (timeout, error) and may still read its bytes: they
        /// are never recycled.
        /// </summary>
        public bool Tainted { get; set; }

        /// <summary>The recycled buffer holding the aggregated record's bytes, if it has one (see <see cref="EntryRecycler"/>).</summary>
        public byte[]? PooledBuffer { get; set; }

        /// <summary>The recycled list holding <see cref="Records"/>, if it is one.</summary>
        public List<UserRecord>? PooledRecords { get; set; }

        /// <summary>Hands over the recycled buffer and list once (none for a tainted entry); the entry must not be used after.</summary>
        public byte[]? TakeRecyclables(out List<UserRecord>? records)
        {
            var buffer = Tainted ? null : PooledBuffer;
            records = Tainted ? null : PooledRecords;
            PooledBuffer = null;
            PooledRecords = null;
            return buffer;
        }

        /// <summary>Total user data bytes inside, for metrics.</summary>
        public long UserBytes
        {
            get
            {
                long total = 0;
                foreach (var record in Records)
                {
                    total += record.Data.Length;
                }

                return total;
            }
        }
    }
}
