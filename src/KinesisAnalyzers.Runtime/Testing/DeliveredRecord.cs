using System;
using System.Text;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// A user record that a <see cref="ShardSimulator"/> wrote: a plain Kinesis record, or one of the user records
    /// inside a KPL aggregated record (unpacked with <see cref="KinesisDeaggregator"/>, as a KCL consumer reads it).
    /// </summary>
    public sealed class DeliveredRecord
    {
        /// <summary>Creates a delivered record.</summary>
        public DeliveredRecord(
            string shardId,
            string sequenceNumber,
            long subSequenceNumber,
            string partitionKey,
            string? explicitHashKey,
            byte[] data,
            bool isAggregated,
            bool isMisplaced,
            TimeSpan writtenAt)
        {
            ShardId = shardId ?? throw new ArgumentNullException(nameof(shardId));
            SequenceNumber = sequenceNumber ?? throw new ArgumentNullException(nameof(sequenceNumber));
            SubSequenceNumber = subSequenceNumber;
            PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
            ExplicitHashKey = explicitHashKey;
            Data = data ?? throw new ArgumentNullException(nameof(data));
            IsAggregated = isAggregated;
            IsMisplaced = isMisplaced;
            WrittenAt = writtenAt;
        }

        /// <summary>The shard that wrote the Kinesis record holding it.</summary>
        public string ShardId { get; }

        /// <summary>The sequence number of the Kinesis record holding it.</summary>
        public string SequenceNumber { get; }

        /// <summary>Its index inside an aggregated record; 0 for a plain record.</summary>
        public long SubSequenceNumber { get; }

        /// <summary>The user record's partition key.</summary>
        public string PartitionKey { get; }

        /// <summary>The user record's explicit hash key, or null.</summary>
        public string? ExplicitHashKey { get; }

        /// <summary>The user record's data.</summary>
        public byte[] Data { get; }

        /// <summary>The data decoded as UTF-8, for tests whose payloads are text.</summary>
        public string Text => Encoding.UTF8.GetString(Data);

        /// <summary>True when it arrived inside a KPL aggregated record.</summary>
        public bool IsAggregated { get; }

        /// <summary>
        /// True when it arrived inside an aggregated record written to a shard that does not own its own hash key.
        /// KCL consumers drop such records after a reshard, so a producer must never leave one reported as delivered.
        /// A plain record is never misplaced: Kinesis routes it by its own key.
        /// </summary>
        public bool IsMisplaced { get; }

        /// <summary>When it was written, on the simulator's clock.</summary>
        public TimeSpan WrittenAt { get; }

        /// <inheritdoc />
        public override string ToString() => $"{PartitionKey} on {ShardId}/{SequenceNumber}.{SubSequenceNumber}";
    }
}
