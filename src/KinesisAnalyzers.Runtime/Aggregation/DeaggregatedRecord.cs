using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// One user record taken out of a Kinesis record by <see cref="KinesisDeaggregator"/>: either a
    /// user record packed in a KPL aggregated record, or a plain Kinesis record passed through whole.
    /// </summary>
    public sealed class DeaggregatedRecord
    {
        private static readonly IReadOnlyList<KeyValuePair<string, string?>> NoTags = Array.Empty<KeyValuePair<string, string?>>();

        /// <summary>Creates a record.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="partitionKey"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="subSequenceNumber"/> is negative.</exception>
        public DeaggregatedRecord(
            string partitionKey,
            string? explicitHashKey,
            ReadOnlyMemory<byte> data,
            long subSequenceNumber,
            string? sequenceNumber,
            bool isAggregated,
            IReadOnlyList<KeyValuePair<string, string?>>? tags = null)
        {
            if (subSequenceNumber < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(subSequenceNumber), subSequenceNumber, "The sub-sequence number must not be negative.");
            }

            PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
            ExplicitHashKey = explicitHashKey;
            Data = data;
            SubSequenceNumber = subSequenceNumber;
            SequenceNumber = sequenceNumber;
            IsAggregated = isAggregated;
            Tags = tags ?? NoTags;
        }

        /// <summary>The user record's partition key (for a plain record, the Kinesis record's).</summary>
        public string PartitionKey { get; }

        /// <summary>The user record's explicit hash key, or null when it had none.</summary>
        public string? ExplicitHashKey { get; }

        /// <summary>The user record's payload: a slice of the buffer given to the deaggregator, not a copy.</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>
        /// The user record's position in its aggregated record (0-based). Together with
        /// <see cref="SequenceNumber"/> it identifies the user record, e.g. for checkpoints or de-duplication.
        /// 0 for a plain record.
        /// </summary>
        public long SubSequenceNumber { get; }

        /// <summary>The sequence number of the Kinesis record it came from, when the caller gave one.</summary>
        public string? SequenceNumber { get; }

        /// <summary>True when the record came out of a KPL aggregated record; false for a plain record passed through.</summary>
        public bool IsAggregated { get; }

        /// <summary>The KPL tags of the user record (rarely used; empty when there are none).</summary>
        public IReadOnlyList<KeyValuePair<string, string?>> Tags { get; }
    }
}
