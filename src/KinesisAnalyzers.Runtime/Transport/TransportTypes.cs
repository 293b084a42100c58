using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>One entry of a PutRecords request: a user record, or a KPL aggregated record.</summary>
    public sealed class TransportRecord
    {
        /// <summary>Creates an entry.</summary>
        public TransportRecord(string partitionKey, string? explicitHashKey, ReadOnlyMemory<byte> data)
        {
            PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
            ExplicitHashKey = explicitHashKey;
            Data = data;
        }

        /// <summary>The partition key (1 to 256 characters).</summary>
        public string PartitionKey { get; }

        /// <summary>The explicit hash key (a decimal 0..2^128-1), or null to hash the partition key.</summary>
        public string? ExplicitHashKey { get; }

        /// <summary>The payload.</summary>
        public ReadOnlyMemory<byte> Data { get; }
    }

    /// <summary>The outcome of one PutRecords entry: a sequence number and shard, or an error code.</summary>
    public sealed class TransportRecordResult
    {
        /// <summary>Creates a result.</summary>
        public TransportRecordResult(string? sequenceNumber, string? shardId, string? errorCode, string? errorMessage)
        {
            SequenceNumber = sequenceNumber;
            ShardId = shardId;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
        }

        /// <summary>The sequence number Kinesis assigned, when the entry was written.</summary>
        public string? SequenceNumber { get; }

        /// <summary>The shard the entry was written to, when it was.</summary>
        public string? ShardId { get; }

        /// <summary>The entry's error code (e.g. ProvisionedThroughputExceededException, InternalFailure), or null.</summary>
        public string? ErrorCode { get; }

        /// <summary>The entry's error message, or null.</summary>
        public string? ErrorMessage { get; }

        /// <summary>True when the entry was written: no (or an empty) error code and a sequence number.</summary>
        public bool Succeeded => string.IsNullOrEmpty(ErrorCode) && SequenceNumber is not null;

        /// <summary>A written entry.</summary>
        public static TransportRecordResult Success(string sequenceNumber, string shardId) => new TransportRecordResult(sequenceNumber, shardId, null, null);

        /// <summary>A failed entry.</summary>
        public static TransportRecordResult Failure(string errorCode, string? errorMessage) => new TransportRecordResult(null, null, errorCode, errorMessage);
    }

    /// <summary>The answer to a PutRecords request: one result per entry sent, in order.</summary>
    public sealed class TransportPutResult
    {
        /// <summary>Creates a result.</summary>
        public TransportPutResult(IReadOnlyList<TransportRecordResult> records)
        {
            Records = records ?? throw new ArgumentNullException(nameof(records));
        }

        /// <summary>The per-entry results. A malformed answer may hold fewer entries than were sent; the producer checks.</summary>
        public IReadOnlyList<TransportRecordResult> Records { get; }
    }

    /// <summary>An open shard and its inclusive hash key range (decimal strings, as ListShards returns them).</summary>
    public sealed class TransportShard
    {
        /// <summary>Creates a shard description.</summary>
        public TransportShard(string shardId, string startingHashKey, string endingHashKey, string? parentShardId = null, string? adjacentParentShardId = null)
        {
            ShardId = shardId ?? throw new ArgumentNullException(nameof(shardId));
            StartingHashKey = startingHashKey ?? throw new ArgumentNullException(nameof(startingHashKey));
            EndingHashKey = endingHashKey ?? throw new ArgumentNullException(nameof(endingHashKey));
            ParentShardId = parentShardId;
            AdjacentParentShardId = adjacentParentShardId;
        }

        /// <summary>The shard id, e.g. shardId-000000000000.</summary>
        public string ShardId { get; }

        /// <summary>The lowest hash key of the shard, a decimal string.</summary>
        public string StartingHashKey { get; }

        /// <summary>The highest hash key of the shard, a decimal string.</summary>
        public string EndingHashKey { get; }

        /// <summary>The parent shard after a split or merge, or null.</summary>
        public string? ParentShardId { get; }

        /// <summary>The other parent after a merge, or null.</summary>
        public string? AdjacentParentShardId { get; }
    }

    /// <summary>One page of ListShards.</summary>
    public sealed class TransportShardPage
    {
        /// <summary>Creates a page.</summary>
        public TransportShardPage(IReadOnlyList<TransportShard> shards, string? nextToken)
        {
            Shards = shards ?? throw new ArgumentNullException(nameof(shards));
            NextToken = nextToken;
        }

        /// <summary>The shards on this page.</summary>
        public IReadOnlyList<TransportShard> Shards { get; }

        /// <summary>The token for the next page, or null on the last page.</summary>
        public string? NextToken { get; }
    }

    /// <summary>
    /// A whole request failed with a service error. The adapter over the AWS SDK translates
    /// <c>AmazonServiceException</c> into this, so the producer can classify it without an AWS reference.
    /// </summary>
    public class KinesisTransportException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public KinesisTransportException(string message, string? errorCode, int? statusCode, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }

        /// <summary>The service's error code, e.g. ProvisionedThroughputExceededException.</summary>
        public string? ErrorCode { get; }

        /// <summary>The HTTP status code, when known.</summary>
        public int? StatusCode { get; }
    }
}
