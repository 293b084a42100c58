using System;
using System.Text;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Checks every call before anything is buffered, so a bad record fails at the call with a clear
    /// exception instead of failing a whole PutRecords request later. Messages never quote keys or data.
    /// </summary>
    internal sealed class RecordValidator
    {
        /// <summary>The longest partition key Kinesis accepts, in characters.</summary>
        public const int MaxPartitionKeyLength = KinesisLimits.MaxPartitionKeyLength;

        /// <summary>The longest stream name Kinesis accepts.</summary>
        public const int MaxStreamNameLength = 128;

        private readonly int _maxRecordBytes;

        public RecordValidator(int maxRecordBytes)
        {
            _maxRecordBytes = maxRecordBytes;
        }

        /// <summary>
        /// Validates one record and returns its size as Kinesis counts it (data plus UTF-8 partition key)
        /// and the hash key it routes by.
        /// </summary>
        /// <exception cref="ArgumentNullException">The partition key is null.</exception>
        /// <exception cref="ArgumentException">The key, explicit hash key or size is out of Kinesis' limits.</exception>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification =
            "The size error names the caller's parameter, data (AddAsync/PutAsync); this method only sees its length.")]
        public int Validate(string partitionKey, string? explicitHashKey, long dataLength, out HashKey hashKey)
        {
            ValidatePartitionKey(partitionKey);

            if (explicitHashKey is not null)
            {
                if (!HashKey.TryParse(explicitHashKey, out hashKey))
                {
                    throw new ArgumentException(
                        "The explicit hash key must be a decimal integer from 0 to 2^128-1 (digits only, no leading zeros).",
                        nameof(explicitHashKey));
                }
            }
            else
            {
                hashKey = PartitionKeyHasher.Hash(partitionKey);
            }

            var size = dataLength + Encoding.UTF8.GetByteCount(partitionKey);
            if (size > _maxRecordBytes)
            {
                throw new ArgumentException(
                    $"The record takes {size} bytes (data plus partition key), more than MaxRecordBytes ({_maxRecordBytes}).",
                    "data");
            }

            return (int)size;
        }

        /// <summary>Throws when the producer is disposed or the call's token is already cancelled.</summary>
        public static void ThrowIfUnusable(bool disposed, CancellationToken cancellationToken)
        {
            if (disposed)
            {
                throw new ObjectDisposedException(nameof(KinesisProducer), "The producer has been disposed.");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>Checks a stream name: 1..128 characters of [a-zA-Z0-9_.-].</summary>
        public static void ValidateStreamName(string streamName)
        {
            if (streamName is null)
            {
                throw new ArgumentNullException(nameof(streamName));
            }

            if (streamName.Length == 0 || streamName.Length > MaxStreamNameLength)
            {
                throw new ArgumentException($"The stream name must be 1 to {MaxStreamNameLength} characters long.", nameof(streamName));
            }

            foreach (var c in streamName)
            {
                var allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
                if (!allowed)
                {
                    throw new ArgumentException("The stream name may hold only letters, digits, '_', '.' and '-'.", nameof(streamName));
                }
            }
        }

        private static void ValidatePartitionKey(string partitionKey)
        {
            if (partitionKey is null)
            {
                throw new ArgumentNullException(nameof(partitionKey));
            }

            if (partitionKey.Length == 0)
            {
                throw new ArgumentException("The partition key must not be empty.", nameof(partitionKey));
            }

            if (partitionKey.Length > MaxPartitionKeyLength)
            {
                throw new ArgumentException(
                    $"The partition key has {partitionKey.Length} characters; Kinesis allows at most {MaxPartitionKeyLength}.",
                    nameof(partitionKey));
            }

            // A lone surrogate has no UTF-8 form: the hash and the aggregated record would disagree on the key.
            for (var i = 0; i < partitionKey.Length; i++)
            {
                var c = partitionKey[i];
                if (char.IsHighSurrogate(c) && i + 1 < partitionKey.Length && char.IsLowSurrogate(partitionKey[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c))
                {
                    throw new ArgumentException("The partition key is not valid UTF-16 (it holds a lone surrogate).", nameof(partitionKey));
                }
            }
        }
    }
}
