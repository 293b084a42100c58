namespace KinesisAnalyzers.Runtime
{
    /// <summary>Where Kinesis wrote a record: the answer of <see cref="KinesisProducer"/>.PutAsync.</summary>
    public sealed class KinesisPutResult
    {
        /// <summary>Creates a result.</summary>
        public KinesisPutResult(string sequenceNumber, string shardId, int attempts, int subSequenceNumber = 0, bool aggregated = false)
        {
            SequenceNumber = sequenceNumber;
            ShardId = shardId;
            Attempts = attempts;
            SubSequenceNumber = subSequenceNumber;
            Aggregated = aggregated;
        }

        /// <summary>The sequence number of the Kinesis record that holds this record.</summary>
        public string SequenceNumber { get; }

        /// <summary>The shard the record was written to.</summary>
        public string ShardId { get; }

        /// <summary>How many PutRecords requests carried the record, the successful one included.</summary>
        public int Attempts { get; }

        /// <summary>The record's index inside its aggregated record (0 when not aggregated).</summary>
        public int SubSequenceNumber { get; }

        /// <summary>True when the record was sent inside a KPL aggregated record.</summary>
        public bool Aggregated { get; }
    }
}
