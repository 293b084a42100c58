using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers
{
    /// <summary>Every rule id and descriptor of the package, in one place.</summary>
    public static class KinesisRules
    {
        public const string PutRecordInLoopId = "KIN001";
        public const string ConstantPartitionKeyId = "KIN002";
        public const string UnhandledThrottlingId = "KIN003";
        public const string IgnoredPutRecordsFailuresId = "KIN004";
        public const string RecordOverLimitId = "KIN005";
        public const string BatchOverLimitId = "KIN006";
        public const string BindingNotGeneratedId = "KIN100";

        /// <summary>Help pages live beside the code: docs/rules/&lt;id&gt;.md.</summary>
        public const string HelpLinkBase = "https://github.com/KinesisAnalyzers/KinesisAnalyzers/blob/main/docs/rules/";

        private const string Performance = "Performance";
        private const string Reliability = "Reliability";

        public static readonly DiagnosticDescriptor PutRecordInLoop = Create(
            PutRecordInLoopId,
            "PutRecord called once per iteration",
            "'{0}' sends a single record per {1}{2}; collect the records and send them in batches with PutRecords (up to 500 per call), or add them to a KinesisProducer",
            Performance,
            "Each PutRecord call is a full HTTP round trip that carries one record. Calling it per item of a loop or per element of a parallel/LINQ operation is slow, costs one request per record, and hits per-shard request limits long before the byte limit.");

        public static readonly DiagnosticDescriptor ConstantPartitionKey = Create(
            ConstantPartitionKeyId,
            "Partition key does not vary",
            "The partition key{0} {1}, so every record goes to the same shard; use a key that varies per record, such as the record's id",
            Performance,
            "Kinesis routes a record to a shard by the MD5 hash of its partition key. A key that is constant, or that does not change across the iterations of a loop, sends every record to one shard (a hot shard) and caps the stream at one shard's throughput (1 MiB/s or 1,000 records/s).");

        public static readonly DiagnosticDescriptor UnhandledThrottling = Create(
            UnhandledThrottlingId,
            "PutRecord throttling is not handled",
            "ProvisionedThroughputExceededException from '{0}' is not handled: {1}",
            Reliability,
            "When a shard's write limit is exceeded, PutRecord throws ProvisionedThroughputExceededException after the SDK's own retries run out. Unhandled, it fails the caller and the record is lost; handle it with backoff, or use PutRecordWithRetryAsync or a KinesisProducer.");

        public static readonly DiagnosticDescriptor IgnoredPutRecordsFailures = Create(
            IgnoredPutRecordsFailuresId,
            "PutRecords partial failures are ignored",
            "The response of '{0}' is {1}; entries that failed (FailedRecordCount > 0) are lost silently",
            Reliability,
            "PutRecords succeeds (HTTP 200) even when some of its entries fail with ProvisionedThroughputExceededException or InternalFailure. The SDK never retries those entries: code that does not look at FailedRecordCount or Records[i].ErrorCode loses them silently.");

        public static readonly DiagnosticDescriptor RecordOverLimit = Create(
            RecordOverLimitId,
            "Record can exceed the Kinesis record limits",
            "The {0} {1}; Kinesis accepts {2}, so '{3}' {4}",
            Reliability,
            "A Kinesis record (data plus partition key) may be at most 1 MiB (up to 10 MiB on streams that opt in), and a partition key at most 256 characters. A larger record fails the request; in PutRecords it fails the whole batch. Check the size before the call.");

        public static readonly DiagnosticDescriptor BatchOverLimit = Create(
            BatchOverLimitId,
            "PutRecords batch can exceed 500 entries",
            "The PutRecords request {0}; PutRecords accepts at most 500 entries",
            Reliability,
            "A PutRecords request holds at most 500 entries (and at most 5 MiB, or 10 MiB on streams with large records). A larger request fails as a whole. Split the records with Chunk(500) or send them through a KinesisProducer.");

        /// <summary>Reported by the binding generator, not an analyzer: the binding was not emitted, and why.</summary>
        public static readonly DiagnosticDescriptor BindingNotGenerated = Create(
            BindingNotGeneratedId,
            "The IAmazonKinesis binding was not generated",
            "The KinesisAnalyzers binding for IAmazonKinesis was not generated, so CreateKinesisProducer, PutRecordWithRetryAsync and PutRecordsWithRetryAsync do not exist in this project: {0}. Reference an AWSSDK.Kinesis version this package supports (3.7.x or 4.x), or a KinesisAnalyzers version that knows this SDK shape.",
            "Compatibility",
            "The project references Amazon.Kinesis and KinesisAnalyzers.Runtime, but the AWS SDK types (or the runtime) do not have the members the generated binding needs, with the types it expects. Emitting the binding anyway would break the build, so nothing is emitted and this warning names each missing or unexpected member. Without the binding, a KinesisProducer can still be built over your own IKinesisTransport.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, string description) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                category,
                DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLinkBase + id + ".md");
    }
}
