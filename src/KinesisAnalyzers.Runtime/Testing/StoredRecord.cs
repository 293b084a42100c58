using System;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>A Kinesis record (one PutRecords entry) that a <see cref="ShardSimulator"/> wrote, as it was sent.</summary>
    public sealed class StoredRecord
    {
        /// <summary>Creates a stored record.</summary>
        public StoredRecord(string shardId, string sequenceNumber, string partitionKey, string? explicitHashKey, byte[] data, TimeSpan writtenAt)
        {
            ShardId = shardId ?? throw new ArgumentNullException(nameof(shardId));
            SequenceNumber = sequenceNumber ?? throw new ArgumentNullException(nameof(sequenceNumber));
            PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
            ExplicitHashKey = explicitHashKey;
            Data = data ?? throw new ArgumentNullException(nameof(data));
            WrittenAt = writtenAt;
        }

        /// <summary>The shard that wrote it.</summary>
        public string ShardId { get; }

        /// <summary>Its sequence number: increasing across the stream, in write order.</summary>
        public string SequenceNumber { get; }

        /// <summary>The entry's partition key (for a KPL aggregated record, the producer's outer key).</summary>
        public string PartitionKey { get; }

        /// <summary>The entry's explicit hash key, or null.</summary>
        public string? ExplicitHashKey { get; }

        /// <summary>The entry's data, copied when it was written.</summary>
        public byte[] Data { get; }

        /// <summary>When it was written, on the simulator's clock.</summary>
        public TimeSpan WrittenAt { get; }

        /// <inheritdoc />
        public override string ToString() => $"{ShardId}/{SequenceNumber} ({Data.Length} bytes)";
    }
}
