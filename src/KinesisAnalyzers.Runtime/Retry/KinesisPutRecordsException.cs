using System;
using System.Collections.Generic;
using System.Linq;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// One entry of a PutRecords request that was still not written when <c>PutRecordsWithRetryAsync</c> gave up:
    /// where it was in the request, why it failed, and the SDK entry itself so it can be sent again.
    /// </summary>
    public sealed class KinesisFailedEntry
    {
        /// <summary>Creates a failed entry.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
        /// <exception cref="ArgumentNullException"><paramref name="errorCode"/> or <paramref name="entry"/> is null.</exception>
        public KinesisFailedEntry(int index, string? partitionKey, string errorCode, string? errorMessage, object entry)
        {
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, "The index must not be negative.");
            }

            Index = index;
            PartitionKey = partitionKey;
            ErrorCode = errorCode ?? throw new ArgumentNullException(nameof(errorCode));
            ErrorMessage = errorMessage;
            Entry = entry ?? throw new ArgumentNullException(nameof(entry));
        }

        /// <summary>The entry's position in the caller's original <c>PutRecordsRequest.Records</c>.</summary>
        public int Index { get; }

        /// <summary>The entry's partition key.</summary>
        public string? PartitionKey { get; }

        /// <summary>The last error code, e.g. ProvisionedThroughputExceededException, InternalFailure, KMSAccessDeniedException.</summary>
        public string ErrorCode { get; }

        /// <summary>The last error message, when the service gave one.</summary>
        public string? ErrorMessage { get; }

        /// <summary>
        /// The caller's own <c>Amazon.Kinesis.Model.PutRecordsRequestEntry</c>, with its data stream rewound,
        /// ready to be put in a new request. Typed as object because the runtime has no AWS SDK reference.
        /// </summary>
        public object Entry { get; }

        /// <summary>True when sending the entry again may succeed (throttling or a transient failure).</summary>
        public bool IsRetryable => KinesisErrors.IsRetryable(ErrorCode) || ErrorCode == KinesisPutRecordsException.MissingResultErrorCode;
    }

    /// <summary>
    /// Thrown by the generated <c>PutRecordsWithRetryAsync</c> when some entries of a PutRecords request were still
    /// not written after its retries, or failed permanently. Every other entry of the request was written.
    /// </summary>
    /// <remarks>
    /// To send the failed entries again, put <see cref="GetFailedEntries{TEntry}"/> in a new request:
    /// <code>
    /// catch (KinesisPutRecordsException ex)
    /// {
    ///     var retry = new PutRecordsRequest { StreamName = request.StreamName, Records = ex.GetFailedEntries&lt;PutRecordsRequestEntry&gt;() };
    /// }
    /// </code>
    /// The message names error codes and counts only: never partition keys or data.
    /// </remarks>
    public sealed class KinesisPutRecordsException : Exception
    {
        /// <summary>
        /// The error code given to an entry the service answered nothing about (the response held fewer result entries
        /// than were sent). Whether such an entry was written is unknown; it is retried, so it may be written twice.
        /// </summary>
        public const string MissingResultErrorCode = "MissingResult";

        /// <summary>Creates the exception.</summary>
        /// <param name="failedEntries">The entries that were not written, in request order; at least one.</param>
        /// <param name="entryCount">How many entries the original request had.</param>
        /// <param name="attempts">How many PutRecords calls were made.</param>
        /// <param name="response">The merged <c>PutRecordsResponse</c>, whose Records line up with the original request, or null.</param>
        /// <param name="innerException">The whole-request failure that ended the retries, if one did.</param>
        /// <exception cref="ArgumentNullException"><paramref name="failedEntries"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="failedEntries"/> is empty or larger than <paramref name="entryCount"/>.</exception>
        public KinesisPutRecordsException(IReadOnlyList<KinesisFailedEntry> failedEntries, int entryCount, int attempts, object? response, Exception? innerException = null)
            : base(BuildMessage(failedEntries, entryCount, attempts), innerException)
        {
            FailedEntries = failedEntries;
            EntryCount = entryCount;
            Attempts = attempts;
            Response = response;
        }

        /// <summary>The entries that were not written, in the order of the original request.</summary>
        public IReadOnlyList<KinesisFailedEntry> FailedEntries { get; }

        /// <summary>How many entries the original request had.</summary>
        public int EntryCount { get; }

        /// <summary>How many PutRecords calls were made.</summary>
        public int Attempts { get; }

        /// <summary>
        /// The merged <c>Amazon.Kinesis.Model.PutRecordsResponse</c>: one result per entry of the original request, the
        /// written ones with their sequence number and shard. Null when no response was received.
        /// </summary>
        public object? Response { get; }

        /// <summary>The caller's SDK entries that were not written, ready for a new PutRecordsRequest.</summary>
        /// <typeparam name="TEntry">The SDK's entry type, <c>Amazon.Kinesis.Model.PutRecordsRequestEntry</c>.</typeparam>
        /// <exception cref="InvalidCastException">An entry is not a <typeparamref name="TEntry"/>.</exception>
        public List<TEntry> GetFailedEntries<TEntry>()
            where TEntry : class
        {
            var entries = new List<TEntry>(FailedEntries.Count);
            foreach (var failed in FailedEntries)
            {
                entries.Add((TEntry)failed.Entry);
            }

            return entries;
        }

        private static string BuildMessage(IReadOnlyList<KinesisFailedEntry> failedEntries, int entryCount, int attempts)
        {
            if (failedEntries is null)
            {
                throw new ArgumentNullException(nameof(failedEntries));
            }

            if (failedEntries.Count == 0 || failedEntries.Count > entryCount)
            {
                throw new ArgumentException("There must be between 1 and entryCount failed entries.", nameof(failedEntries));
            }

            // Codes and counts only: partition keys are often user ids and must not reach logs through messages.
            var codes = failedEntries
                .GroupBy(entry => entry.ErrorCode, StringComparer.Ordinal)
                .OrderByDescending(group => group.Count())
                .ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => $"{group.Key} x{group.Count()}");
            return $"{failedEntries.Count} of {entryCount} PutRecords entries were not written after {attempts} attempt(s): {string.Join(", ", codes)}.";
        }
    }
}
