namespace KinesisAnalyzers
{
    /// <summary>
    /// The Kinesis service limits, in one file compiled into both the analyzers and the runtime
    /// (each project links it: <c>&lt;Compile Include="..\Shared\KinesisLimits.cs" Link="..." /&gt;</c>),
    /// so a rule and the producer can never disagree on a number.
    /// </summary>
    internal static class KinesisLimits
    {
        /// <summary>The longest partition key, in Unicode characters (the shortest is 1).</summary>
        public const int MaxPartitionKeyLength = 256;

        /// <summary>The most entries one PutRecords request may hold.</summary>
        public const int MaxRecordsPerRequest = 500;

        /// <summary>The largest record (data plus partition key) a stream accepts by default: 1 MiB.</summary>
        public const int DefaultMaxRecordBytes = 1024 * 1024;

        /// <summary>The largest PutRecords request (data plus partition keys) by default: 5 MiB.</summary>
        public const int DefaultMaxRequestBytes = 5 * 1024 * 1024;

        /// <summary>The largest record, and the largest request, a stream can opt in to: 10 MiB.</summary>
        public const int LargestMaxRecordBytes = 10 * 1024 * 1024;
    }
}
