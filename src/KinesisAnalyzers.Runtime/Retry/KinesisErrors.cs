using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>How a failure is to be treated.</summary>
    public enum KinesisErrorKind
    {
        /// <summary>Will not succeed on retry: validation, not found, access denied, KMS state.</summary>
        Permanent,

        /// <summary>A shard or account limit: retry after a backoff, and slow down.</summary>
        Throttling,

        /// <summary>A transient service or network failure: retry after a backoff.</summary>
        Transient,
    }

    /// <summary>Classifies per-entry error codes and whole-request failures into retryable and permanent.</summary>
    public static class KinesisErrors
    {
        /// <summary>The per-entry code of a throttled PutRecords entry.</summary>
        public const string ProvisionedThroughputExceeded = "ProvisionedThroughputExceededException";

        /// <summary>The per-entry code of an internal service failure.</summary>
        public const string InternalFailure = "InternalFailure";

        /// <summary>The error code given to records whose TTL ran out before they were written.</summary>
        public const string Expired = "Expired";

        /// <summary>The error code given to records still unfinished when a bounded <c>CloseAsync</c> ran out of time.</summary>
        public const string ProducerClosed = "ProducerClosed";

        // The SDK's standard throttling codes, plus KMSThrottlingException, which the SDK does not retry but is transient.
        private static readonly HashSet<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", ProvisionedThroughputExceeded, "TransactionInProgressException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
            "SlowDown", "PriorRequestNotComplete", "KMSThrottlingException",
        };

        private static readonly HashSet<string> TransientCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            InternalFailure, "InternalFailureException", "InternalServerError", "ServiceUnavailable",
            "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
        };

        /// <summary>Classifies an error code from a PutRecords entry or a service exception.</summary>
        public static KinesisErrorKind Classify(string? errorCode, int? statusCode = null)
        {
            if (errorCode is not null && ThrottlingCodes.Contains(errorCode))
            {
                return KinesisErrorKind.Throttling;
            }

            if (errorCode is not null && TransientCodes.Contains(errorCode))
            {
                return KinesisErrorKind.Transient;
            }

            if (statusCode is 429)
            {
                return KinesisErrorKind.Throttling;
            }

            // 408: the server timed out waiting for the request; like 5xx, trying again may succeed.
            return statusCode is 408 or 500 or 502 or 503 or 504 ? KinesisErrorKind.Transient : KinesisErrorKind.Permanent;
        }

        /// <summary>
        /// Classifies an exception thrown by a transport: service errors by code and status,
        /// timeouts, cancellations the transport reports and connection failures (also when wrapped) as transient,
        /// argument errors and anything else as permanent.
        /// </summary>
        public static KinesisErrorKind Classify(Exception exception)
        {
            switch (exception)
            {
                case KinesisTransportException { ErrorCode: null, StatusCode: null, InnerException: { } inner }:
                    // The SDK wraps network failures in a service exception with no code: judge by the cause.
                    return Classify(inner);
                case KinesisTransportException service:
                    return Classify(service.ErrorCode, service.StatusCode);
                case TimeoutException:
                case OperationCanceledException:
                    // The producer never passes the caller's token to a transport: a cancellation the transport
                    // reports (TaskCanceledException from HttpClient's timeout, or any OperationCanceledException)
                    // is its own gave-up-waiting, so transient, whatever its type.
                case HttpRequestException:
                case IOException:
                    return KinesisErrorKind.Transient;
                case { InnerException: { } cause }:
                    // An exception of an unknown type (e.g. the SDK's own) may wrap a timeout or connection failure.
                    return Classify(cause);
                default:
                    return KinesisErrorKind.Permanent;
            }
        }

        /// <summary>True when retrying may succeed.</summary>
        public static bool IsRetryable(string? errorCode, int? statusCode = null) => Classify(errorCode, statusCode) != KinesisErrorKind.Permanent;
    }
}
