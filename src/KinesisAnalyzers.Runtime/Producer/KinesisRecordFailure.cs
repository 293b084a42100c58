using System;
using System.Collections.Generic;
using System.Threading;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>One try to write a record, and how it ended.</summary>
    public sealed class KinesisAttempt
    {
        /// <summary>Creates an attempt.</summary>
        public KinesisAttempt(DateTimeOffset startedAt, TimeSpan duration, string? errorCode, string? errorMessage)
        {
            StartedAt = startedAt;
            Duration = duration;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
        }

        /// <summary>When the request carrying the record was sent.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>How long the request took.</summary>
        public TimeSpan Duration { get; }

        /// <summary>The error code of this try, or null when it succeeded.</summary>
        public string? ErrorCode { get; }

        /// <summary>The error message of this try, or null.</summary>
        public string? ErrorMessage { get; }
    }

    /// <summary>A record that finally failed: the record itself, why, and every attempt.</summary>
    public sealed class KinesisRecordFailure
    {
        /// <summary>Creates a failure report.</summary>
        public KinesisRecordFailure(
            string partitionKey,
            string? explicitHashKey,
            ReadOnlyMemory<byte> data,
            string? shardId,
            string errorCode,
            string? errorMessage,
            Exception? exception,
            IReadOnlyList<KinesisAttempt> attempts)
        {
            PartitionKey = partitionKey;
            ExplicitHashKey = explicitHashKey;
            Data = data;
            ShardId = shardId;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            Exception = exception;
            Attempts = attempts;
        }

        /// <summary>Creates a failure report whose payload may have been dropped to keep memory bounded.</summary>
        public KinesisRecordFailure(
            string partitionKey,
            string? explicitHashKey,
            ReadOnlyMemory<byte> data,
            string? shardId,
            string errorCode,
            string? errorMessage,
            Exception? exception,
            IReadOnlyList<KinesisAttempt> attempts,
            bool dataDropped)
            : this(partitionKey, explicitHashKey, dataDropped ? ReadOnlyMemory<byte>.Empty : data, shardId, errorCode, errorMessage, exception, attempts)
        {
            DataDropped = dataDropped;
        }

        /// <summary>The record's partition key.</summary>
        public string PartitionKey { get; }

        /// <summary>The record's explicit hash key, if it had one.</summary>
        public string? ExplicitHashKey { get; }

        /// <summary>The record's data, so the caller can store or resend it.</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>The shard the record was predicted for, when known.</summary>
        public string? ShardId { get; }

        /// <summary>The final error code, e.g. Expired, AccessDeniedException, ProvisionedThroughputExceededException.</summary>
        public string ErrorCode { get; }

        /// <summary>The final error message (never holds payload bytes).</summary>
        public string? ErrorMessage { get; }

        /// <summary>The exception behind the failure, when there was one.</summary>
        public Exception? Exception { get; }

        /// <summary>Every try, oldest first.</summary>
        public IReadOnlyList<KinesisAttempt> Attempts { get; }

        /// <summary>
        /// True when <see cref="Data"/> is empty because the payload was dropped: failures nobody observed
        /// (no <see cref="KinesisProducerOptions.OnRecordFailed"/> handler, no FlushAsync) keep their payloads only
        /// up to half of <see cref="KinesisProducerOptions.MaximumBufferedBytes"/>, so memory stays bounded.
        /// </summary>
        public bool DataDropped { get; }
    }

    /// <summary>Thrown by PutAsync when its record finally fails; carries the report.</summary>
    public sealed class KinesisRecordFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public KinesisRecordFailedException(KinesisRecordFailure failure)
            : base($"The record was not written to Kinesis: {failure.ErrorCode} after {failure.Attempts.Count} attempt(s).", failure.Exception)
        {
            Failure = failure;
        }

        /// <summary>The record, its error and its attempts.</summary>
        public KinesisRecordFailure Failure { get; }
    }

    /// <summary>Thrown by AddAsync when the buffer is full and <see cref="BufferFullBehavior.Fail"/> is set.</summary>
    public sealed class KinesisBufferFullException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public KinesisBufferFullException(long bufferedBytes, long maximumBufferedBytes)
            : base($"The producer's buffer is full ({bufferedBytes} of {maximumBufferedBytes} bytes).")
        {
            BufferedBytes = bufferedBytes;
            MaximumBufferedBytes = maximumBufferedBytes;
        }

        /// <summary>Bytes buffered when the record was refused.</summary>
        public long BufferedBytes { get; }

        /// <summary>The configured maximum.</summary>
        public long MaximumBufferedBytes { get; }
    }

    /// <summary>
    /// Thrown by PutAsync when the caller's token cancelled the wait. <see cref="RecordBuffered"/> says whether the
    /// record was never buffered (nothing will be sent) or is still in flight (it is sent; a final failure goes to
    /// <see cref="KinesisProducerOptions.OnRecordFailed"/>, or without a handler to the next FlushAsync/DisposeAsync).
    /// </summary>
    public sealed class KinesisPutCanceledException : OperationCanceledException
    {
        /// <summary>Creates the exception.</summary>
        public KinesisPutCanceledException(bool recordBuffered, CancellationToken cancellationToken)
            : base(recordBuffered
                ? "The wait for the acknowledgement was cancelled; the record is still being sent, and a final failure goes to OnRecordFailed or the next FlushAsync/DisposeAsync."
                : "The wait for buffer space was cancelled; the record was not buffered and will not be sent.",
                cancellationToken)
        {
            RecordBuffered = recordBuffered;
        }

        /// <summary>True when the record was accepted and is still being sent; false when it was never buffered.</summary>
        public bool RecordBuffered { get; }
    }
}
