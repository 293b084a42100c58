using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>What <see cref="KinesisProducer.AddAsync(string, ReadOnlyMemory{byte}, string?, System.Threading.CancellationToken)"/> does when the buffer is full.</summary>
    public enum BufferFullBehavior
    {
        /// <summary>Wait for space (back-pressure). The default.</summary>
        Wait,

        /// <summary>Throw <see cref="KinesisBufferFullException"/> at once.</summary>
        Fail,
    }

    /// <summary>
    /// Settings of a <see cref="KinesisProducer"/>. Defaults follow the Kinesis Producer Library (KPL);
    /// <see cref="Validate"/> runs when the producer is created and names the first bad setting.
    /// </summary>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Option (default)</term><description>KPL / Kafka (Confluent .NET) equivalent</description></listheader>
    /// <item><term><see cref="RecordMaxBufferedTime"/> (100 ms)</term><description>RecordMaxBufferedTime / linger.ms</description></item>
    /// <item><term><see cref="AggregationEnabled"/> (true)</term><description>AggregationEnabled / none</description></item>
    /// <item><term><see cref="AggregationMaxBytes"/> (51,200)</term><description>AggregationMaxSize / none</description></item>
    /// <item><term><see cref="CollectionMaxCount"/> (500)</term><description>CollectionMaxCount / batch.num.messages</description></item>
    /// <item><term><see cref="CollectionMaxBytes"/> (5 MiB)</term><description>CollectionMaxSize / batch.size</description></item>
    /// <item><term><see cref="MaxRecordBytes"/> (1 MiB)</term><description>the 1 MiB record limit / message.max.bytes</description></item>
    /// <item><term><see cref="RecordTtl"/> (30 s)</term><description>RecordTtl / message.timeout.ms (delivery.timeout.ms)</description></item>
    /// <item><term><see cref="RateLimitPercent"/> (150)</term><description>RateLimit / none</description></item>
    /// <item><term><see cref="MaxInFlightRequests"/> (24)</term><description>MaxConnections / max.in.flight</description></item>
    /// <item><term><see cref="RequestTimeout"/> (6 s)</term><description>RequestTimeout / request.timeout.ms</description></item>
    /// <item><term><see cref="MaximumBufferedBytes"/> (64 MiB)</term><description>none: the KPL buffers without bound / queue.buffering.max.kbytes (buffer.memory)</description></item>
    /// <item><term><see cref="BufferFullBehavior"/> (Wait)</term><description>none / librdkafka fails at once, Java blocks up to max.block.ms</description></item>
    /// <item><term><see cref="RetryBaseDelay"/>, <see cref="RetryMaxDelay"/> (100 ms, 5 s)</term><description>none: the KPL retries without backoff / retry.backoff.ms, retry.backoff.max.ms</description></item>
    /// <item><term><see cref="StrictOrdering"/> (false)</term><description>none / max.in.flight=1 or enable.idempotence</description></item>
    /// <item><term><see cref="OnRecordFailed"/> (null)</term><description>the failed future's callback / the delivery report handler</description></item>
    /// </list>
    /// </remarks>
    public sealed class KinesisProducerOptions
    {
        /// <summary>The largest record Kinesis accepts by default: 1 MiB (data plus partition key).</summary>
        public const int DefaultMaxRecordBytes = KinesisLimits.DefaultMaxRecordBytes;

        /// <summary>The largest record a stream can opt in to: 10 MiB.</summary>
        public const int LargestMaxRecordBytes = KinesisLimits.LargestMaxRecordBytes;

        /// <summary>
        /// The longest duration any option accepts: <see cref="int.MaxValue"/> milliseconds (about 24.8 days), the
        /// longest timer .NET can set. Longer values (e.g. <see cref="TimeSpan.MaxValue"/>) are refused at construction.
        /// </summary>
        public static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(int.MaxValue);

        /// <summary>How long a record may wait to share a request (KPL RecordMaxBufferedTime, Kafka linger.ms). Default 100 ms.</summary>
        public TimeSpan RecordMaxBufferedTime { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Pack records predicted for the same shard into KPL aggregated records (KPL AggregationEnabled). Default true.</summary>
        public bool AggregationEnabled { get; set; } = true;

        /// <summary>The largest aggregated record (KPL AggregationMaxSize). Default 51,200 bytes.</summary>
        public int AggregationMaxBytes { get; set; } = 51_200;

        /// <summary>Most entries in one PutRecords request (KPL CollectionMaxCount). 1..500, default 500.</summary>
        public int CollectionMaxCount { get; set; } = KinesisLimits.MaxRecordsPerRequest;

        /// <summary>Largest PutRecords request (KPL CollectionMaxSize). Default 5 MiB; up to 10 MiB on streams with large records.</summary>
        public int CollectionMaxBytes { get; set; } = KinesisLimits.DefaultMaxRequestBytes;

        /// <summary>Largest user record, data plus partition key (KPL MaxUserRecordSize). Default 1 MiB, at most 10 MiB.</summary>
        public int MaxRecordBytes { get; set; } = DefaultMaxRecordBytes;

        /// <summary>
        /// How long a record may take from AddAsync/PutAsync to delivery before it fails as "Expired" (KPL RecordTtl,
        /// Kafka delivery.timeout.ms). Default 30 s. Records packed into one aggregated record expire together, with
        /// the oldest of them; a request already in flight is awaited (at most <see cref="RequestTimeout"/>) first.
        /// </summary>
        public TimeSpan RecordTtl { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Per-shard send rate as a percentage of the shard limit (1 MiB/s and 1,000 records/s) (KPL RateLimit). Default 150.</summary>
        public int RateLimitPercent { get; set; } = 150;

        /// <summary>Most PutRecords requests in flight at once across shards (KPL MaxConnections). Default 24.</summary>
        public int MaxInFlightRequests { get; set; } = 24;

        /// <summary>How long one PutRecords request may take before it is abandoned and retried (KPL RequestTimeout). Default 6 s.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(6);

        /// <summary>
        /// Most bytes (data plus partition key) of records accepted and not yet completed, in flight and retrying
        /// ones included, before AddAsync waits (Kafka buffer.memory). Default 64 MiB. Aggregated copies of the
        /// data being sent come on top, so memory use may reach about twice this.
        /// </summary>
        public long MaximumBufferedBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>What AddAsync does when <see cref="MaximumBufferedBytes"/> is reached. Default <see cref="BufferFullBehavior.Wait"/>.</summary>
        public BufferFullBehavior BufferFullBehavior { get; set; } = BufferFullBehavior.Wait;

        /// <summary>Ceiling of the first retry's delay; later retries double it (full jitter). Default 100 ms.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Largest delay between retries. Default 5 s.</summary>
        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Keep the order of records per partition key even across retries: one PutRecords entry in flight per
        /// shard, failed records retried at the head of their shard's queue, and after a reshard the children's
        /// records wait until the parent's are written. Costs throughput: a shard sends one (aggregated) record per
        /// round trip, so keep aggregation on and raise <see cref="AggregationMaxBytes"/> for more. Default false.
        /// </summary>
        public bool StrictOrdering { get; set; }

        /// <summary>
        /// Called, and awaited, for each record that finally failed (permanent error or expired TTL) and was
        /// added with AddAsync. Exceptions it throws are logged and never stop the producer. Calls come one at a
        /// time, off the sending path. A failure waiting for the handler keeps its record's buffer space (so a slow
        /// handler slows AddAsync down instead of growing memory); the space is freed as the handler is called, so the
        /// handler may re-add the record. Without a handler, failures wait for FlushAsync/DisposeAsync with their
        /// payloads up to half of <see cref="MaximumBufferedBytes"/>; beyond that they are kept without payload
        /// (<see cref="KinesisRecordFailure.DataDropped"/>).
        /// FlushAsync and DisposeAsync wait for the handler: do not call them from it.
        /// </summary>
        public Func<KinesisRecordFailure, Task>? OnRecordFailed { get; set; }

        /// <summary>Optional logger. Payloads are never logged; partition keys only at Debug level.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>
        /// The shortest time between two ListShards refreshes after a reshard is suspected, so a burst of
        /// surprising results cannot cause a ListShards storm. Internal: tests shorten it.
        /// </summary>
        internal TimeSpan ShardMapRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>A copy, so later changes by the caller do not reach a running producer.</summary>
        internal KinesisProducerOptions Clone() => (KinesisProducerOptions)MemberwiseClone();

        /// <summary>
        /// Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range; durations must also be
        /// at most <see cref="MaxDuration"/>.
        /// </summary>
        public void Validate()
        {
            RequireDuration(RecordMaxBufferedTime >= TimeSpan.Zero, RecordMaxBufferedTime, nameof(RecordMaxBufferedTime), "must not be negative");
            Require(MaxRecordBytes >= 1 && MaxRecordBytes <= LargestMaxRecordBytes, MaxRecordBytes, nameof(MaxRecordBytes), "must be 1..10 MiB (10,485,760 bytes)");
            Require(AggregationMaxBytes >= 64 && AggregationMaxBytes <= MaxRecordBytes, AggregationMaxBytes, nameof(AggregationMaxBytes), "must be at least 64 bytes and at most MaxRecordBytes");
            Require(CollectionMaxCount >= 1 && CollectionMaxCount <= KinesisLimits.MaxRecordsPerRequest, CollectionMaxCount, nameof(CollectionMaxCount), "must be 1..500");
            Require(CollectionMaxBytes >= MaxRecordBytes && CollectionMaxBytes <= LargestMaxRecordBytes, CollectionMaxBytes, nameof(CollectionMaxBytes), "must be at least MaxRecordBytes and at most 10 MiB");
            RequireDuration(RecordTtl > TimeSpan.Zero, RecordTtl, nameof(RecordTtl), "must be positive");
            Require(RateLimitPercent >= 1 && RateLimitPercent <= 10_000, RateLimitPercent, nameof(RateLimitPercent), "must be 1..10000");
            Require(MaxInFlightRequests >= 1, MaxInFlightRequests, nameof(MaxInFlightRequests), "must be at least 1");
            RequireDuration(RequestTimeout > TimeSpan.Zero, RequestTimeout, nameof(RequestTimeout), "must be positive");
            Require(MaximumBufferedBytes >= MaxRecordBytes, MaximumBufferedBytes, nameof(MaximumBufferedBytes), "must be at least MaxRecordBytes");
            RequireDuration(RetryBaseDelay >= TimeSpan.Zero, RetryBaseDelay, nameof(RetryBaseDelay), "must not be negative");
            RequireDuration(RetryMaxDelay >= RetryBaseDelay, RetryMaxDelay, nameof(RetryMaxDelay), "must be at least RetryBaseDelay");
            RequireDuration(ShardMapRefreshInterval > TimeSpan.Zero, ShardMapRefreshInterval, nameof(ShardMapRefreshInterval), "must be positive");
        }

        // Durations are added to clock readings and handed to timers: beyond MaxDuration they overflow.
        private static void RequireDuration(bool condition, TimeSpan value, string name, string rule)
        {
            Require(condition, value, name, rule);
            Require(value <= MaxDuration, value, name, "must be at most KinesisProducerOptions.MaxDuration (int.MaxValue ms, about 24.8 days); TimeSpan.MaxValue or other 'infinite' values are not supported");
        }

        private static void Require(bool condition, object value, string name, string rule)
        {
            if (!condition)
            {
                throw new ArgumentOutOfRangeException(name, value, $"KinesisProducerOptions.{name} {rule}.");
            }
        }
    }
}
