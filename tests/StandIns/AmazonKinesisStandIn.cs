// Stand-in declarations of the AWSSDK.Kinesis types, written for this repository from the
// shapes in shared/reference/kinesis-facts.md because the package is not served here.
// They derive from the real AWSSDK.Core bases. Define AWS_SDK_V4 (and reference
// AWSSDK.Core 4.x) for the SDK v4 shape: nullable value types, collections null by
// default, and the static members of IAmazonService. Never ship this as AWSSDK.Kinesis.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Kinesis.Model;

namespace Amazon.Kinesis
{
    public interface IAmazonKinesis : IAmazonService, IDisposable
    {
        Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default);
        Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default);
        Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default);
        Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken cancellationToken = default);

        // Present only in the SDK's .NET Framework builds; declared here so rules can be tested on them.
        PutRecordResponse PutRecord(PutRecordRequest request);
        PutRecordsResponse PutRecords(PutRecordsRequest request);
    }

    public class AmazonKinesisClient : IAmazonKinesis
    {
        public IClientConfig Config => null;
#if AWS_SDK_V4
        public static ClientConfig CreateDefaultClientConfig() => throw new NotSupportedException("stand-in");
        public static IAmazonService CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) => throw new NotSupportedException("stand-in");
#endif
        public virtual Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("stand-in");
        public virtual Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("stand-in");
        public virtual Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("stand-in");
        public virtual Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("stand-in");
        public virtual PutRecordResponse PutRecord(PutRecordRequest request) => throw new NotSupportedException("stand-in");
        public virtual PutRecordsResponse PutRecords(PutRecordsRequest request) => throw new NotSupportedException("stand-in");
        public void Dispose() { }
    }

    public class AmazonKinesisRequest : AmazonWebServiceRequest { }

    public class AmazonKinesisException : AmazonServiceException
    {
        public AmazonKinesisException() { }
        public AmazonKinesisException(string message) : base(message) { }
        public AmazonKinesisException(string message, Exception innerException) : base(message, innerException) { }
        public AmazonKinesisException(Exception innerException) : base(innerException) { }
        public AmazonKinesisException(string message, Exception innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
        public AmazonKinesisException(string message, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, errorType, errorCode, requestId, statusCode) { }
    }

    public class EncryptionType
    {
        public static readonly EncryptionType KMS = new EncryptionType("KMS");
        public static readonly EncryptionType NONE = new EncryptionType("NONE");
        public EncryptionType(string value) { Value = value; }
        public string Value { get; }
        public override string ToString() => Value;
    }

    public class ShardFilterType
    {
        public static readonly ShardFilterType AT_LATEST = new ShardFilterType("AT_LATEST");
        public static readonly ShardFilterType AT_TRIM_HORIZON = new ShardFilterType("AT_TRIM_HORIZON");
        public ShardFilterType(string value) { Value = value; }
        public string Value { get; }
        public override string ToString() => Value;
        public static implicit operator ShardFilterType(string value) => new ShardFilterType(value);
    }
}

namespace Amazon.Kinesis.Model
{
    public class PutRecordRequest : AmazonKinesisRequest
    {
        public MemoryStream Data { get; set; }
        public string PartitionKey { get; set; }
        public string ExplicitHashKey { get; set; }
        public string SequenceNumberForOrdering { get; set; }
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
    }

    public class PutRecordResponse : AmazonWebServiceResponse
    {
        public string SequenceNumber { get; set; }
        public string ShardId { get; set; }
        public EncryptionType EncryptionType { get; set; }
    }

    public class PutRecordsRequestEntry
    {
        public MemoryStream Data { get; set; }
        public string PartitionKey { get; set; }
        public string ExplicitHashKey { get; set; }
    }

    public class PutRecordsRequest : AmazonKinesisRequest
    {
#if AWS_SDK_V4
        public List<PutRecordsRequestEntry> Records { get; set; }
#else
        public List<PutRecordsRequestEntry> Records { get; set; } = new List<PutRecordsRequestEntry>();
#endif
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
    }

    public class PutRecordsResultEntry
    {
        public string ErrorCode { get; set; }
        public string ErrorMessage { get; set; }
        public string SequenceNumber { get; set; }
        public string ShardId { get; set; }
    }

    public class PutRecordsResponse : AmazonWebServiceResponse
    {
#if AWS_SDK_V4
        public int? FailedRecordCount { get; set; }
        public List<PutRecordsResultEntry> Records { get; set; }
#else
        public int FailedRecordCount { get; set; }
        public List<PutRecordsResultEntry> Records { get; set; } = new List<PutRecordsResultEntry>();
#endif
        public EncryptionType EncryptionType { get; set; }
    }

    public class ShardFilter
    {
        public ShardFilterType Type { get; set; }
        public string ShardId { get; set; }
#if AWS_SDK_V4
        public DateTime? Timestamp { get; set; }
#else
        public DateTime Timestamp { get; set; }
#endif
    }

    public class ListShardsRequest : AmazonKinesisRequest
    {
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
        public string NextToken { get; set; }
        public string ExclusiveStartShardId { get; set; }
        public ShardFilter ShardFilter { get; set; }
#if AWS_SDK_V4
        public int? MaxResults { get; set; }
#else
        public int MaxResults { get; set; }
#endif
    }

    public class HashKeyRange
    {
        public string StartingHashKey { get; set; }
        public string EndingHashKey { get; set; }
    }

    public class SequenceNumberRange
    {
        public string StartingSequenceNumber { get; set; }
        public string EndingSequenceNumber { get; set; }
    }

    public class Shard
    {
        public string ShardId { get; set; }
        public string ParentShardId { get; set; }
        public string AdjacentParentShardId { get; set; }
        public HashKeyRange HashKeyRange { get; set; }
        public SequenceNumberRange SequenceNumberRange { get; set; }
    }

    public class ListShardsResponse : AmazonWebServiceResponse
    {
#if AWS_SDK_V4
        public List<Shard> Shards { get; set; }
#else
        public List<Shard> Shards { get; set; } = new List<Shard>();
#endif
        public string NextToken { get; set; }
    }

    public class DescribeStreamSummaryRequest : AmazonKinesisRequest
    {
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
    }

    public class DescribeStreamSummaryResponse : AmazonWebServiceResponse { }

    public class ProvisionedThroughputExceededException : AmazonKinesisException
    {
        public ProvisionedThroughputExceededException() { }
        public ProvisionedThroughputExceededException(string message) : base(message) { }
        public ProvisionedThroughputExceededException(string message, Exception innerException) : base(message, innerException) { }
        public ProvisionedThroughputExceededException(Exception innerException) : base(innerException) { }
        public ProvisionedThroughputExceededException(string message, Exception innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
        public ProvisionedThroughputExceededException(string message, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, errorType, errorCode, requestId, statusCode) { }
    }

    public class KMSThrottlingException : AmazonKinesisException
    {
        public KMSThrottlingException(string message) : base(message) { }
        public KMSThrottlingException(string message, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, errorType, errorCode, requestId, statusCode) { }
    }

    public class InvalidArgumentException : AmazonKinesisException
    {
        public InvalidArgumentException(string message) : base(message) { }
        public InvalidArgumentException(string message, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, errorType, errorCode, requestId, statusCode) { }
    }

    public class ResourceNotFoundException : AmazonKinesisException
    {
        public ResourceNotFoundException(string message) : base(message) { }
        public ResourceNotFoundException(string message, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, errorType, errorCode, requestId, statusCode) { }
    }
}
