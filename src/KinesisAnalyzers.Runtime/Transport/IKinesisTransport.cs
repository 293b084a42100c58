using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// The port through which the producer talks to Kinesis, in types free of any AWS SDK reference.
    /// The package's source generator implements it over <c>Amazon.Kinesis.IAmazonKinesis</c>
    /// (SDK v3 or v4); tests implement it with a shard simulator.
    /// </summary>
    public interface IKinesisTransport
    {
        /// <summary>
        /// Sends one PutRecords request. The returned result holds one entry per record, in order;
        /// a whole-request failure throws (a service error as <see cref="KinesisTransportException"/>).
        /// </summary>
        /// <remarks>
        /// The producer reuses the memory behind <see cref="TransportRecord.Data"/> for later records once the returned
        /// task has completed with a result: copy the data to keep it beyond that (the shard simulator does). Data of a
        /// call that threw, or that the producer abandoned at RequestTimeout, is never reused, so an SDK call still
        /// running in the background reads intact bytes.
        /// </remarks>
        Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken);

        /// <summary>
        /// Lists the stream's open shards (ShardFilter AT_LATEST), one page at a time:
        /// pass null for the first page, then the previous page's <see cref="TransportShardPage.NextToken"/>.
        /// </summary>
        Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken);
    }
}
