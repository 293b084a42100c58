namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// The emitted public extension methods on <c>IAmazonKinesis</c> that the code fixes call, and the internal
    /// retry loops behind them. The extension class lives in the <c>Amazon.Kinesis</c> namespace: every file that
    /// names <c>IAmazonKinesis</c> or <c>AmazonKinesisClient</c> already imports it, so the methods show up (and the
    /// code fixes' rewrites compile) without adding a using.
    /// </summary>
    internal static class RetryExtensionsSource
    {
        public const string HintName = "KinesisAnalyzers.AmazonKinesisExtensions.g.cs";

        public const string RetryMetadataName = "KinesisAnalyzers.Generated.AmazonKinesisRetry";

        private const string Template = """
namespace Amazon.Kinesis
{
    /// <summary>
    /// Writes to Kinesis with retries and through a buffering producer (KinesisAnalyzers).
    /// </summary>
    [global::System.CodeDom.Compiler.GeneratedCode("KinesisAnalyzers", "{VERSION}")]
    public static class KinesisAnalyzersExtensions
    {
        /// <summary>
        /// Creates a <c>KinesisProducer</c> that writes to <paramref name="streamName"/> through this client: records are
        /// buffered, aggregated and batched per shard, rate limited, and retried; every record is delivered or reported.
        /// </summary>
        /// <param name="client">The Kinesis client the producer sends its requests through.</param>
        /// <param name="streamName">The stream to write to.</param>
        /// <param name="options">Producer settings; null for the defaults.</param>
        /// <returns>The producer. Dispose it (<c>await using</c>) to flush what is still buffered.</returns>
        public static global::KinesisAnalyzers.Runtime.KinesisProducer CreateKinesisProducer(
            this global::Amazon.Kinesis.IAmazonKinesis client,
            string streamName,
            global::KinesisAnalyzers.Runtime.KinesisProducerOptions{N} options = null)
        {
            if (client == null)
            {
                throw new global::System.ArgumentNullException(nameof(client));
            }

            return new global::KinesisAnalyzers.Runtime.KinesisProducer(
                new global::KinesisAnalyzers.Generated.AmazonKinesisTransport(client), streamName, options);
        }

        /// <summary>
        /// Completes when Kinesis has written the record. Sends it with <c>PutRecordAsync</c>, and when the call fails with
        /// throttling (ProvisionedThroughputExceededException, KMSThrottlingException) or another transient error,
        /// waits (exponential backoff with full jitter) and sends it again, up to 8 attempts; then the last exception is thrown.
        /// Permanent errors (validation, not found, access denied) are thrown at once.
        /// </summary>
        /// <param name="client">The Kinesis client.</param>
        /// <param name="request">The record to write. Its Data stream is rewound before each retry.</param>
        /// <param name="cancellationToken">Cancels the call and the waits between attempts.</param>
        /// <returns>The response of the attempt that succeeded.</returns>
        public static global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordResponse> PutRecordWithRetryAsync(
            this global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordRequest request,
            global::System.Threading.CancellationToken cancellationToken = default(global::System.Threading.CancellationToken))
        {
            return global::KinesisAnalyzers.Generated.AmazonKinesisRetry.PutRecordAsync(
                client, request, global::KinesisAnalyzers.Runtime.KinesisBackoff.Default,
                global::KinesisAnalyzers.Generated.AmazonKinesisRetry.DefaultMaxAttempts, cancellationToken);
        }

        /// <summary>
        /// Completes when Kinesis has written every entry of the request. Sends it with <c>PutRecordsAsync</c>, then sends
        /// again only the entries that failed with throttling or a transient error (and the whole request after a transient
        /// whole-request failure), with exponential backoff and full jitter, up to 8 attempts. Entries that fail
        /// permanently are not sent again.
        /// </summary>
        /// <param name="client">The Kinesis client.</param>
        /// <param name="request">
        /// The records to write. While the call runs, its Records list is replaced by the entries being retried; the
        /// original list is put back before the call completes.
        /// </param>
        /// <param name="cancellationToken">Cancels the call and the waits between attempts.</param>
        /// <returns>
        /// A response whose Records line up with the request's entries (each with its sequence number and shard) and whose
        /// FailedRecordCount is 0.
        /// </returns>
        /// <exception cref="global::KinesisAnalyzers.Runtime.KinesisPutRecordsException">
        /// Some entries were not written: it lists them (index, partition key, error code, the entry itself, ready to be
        /// sent again) and holds the merged response. When no response was received at all, the last exception of the
        /// client is thrown instead.
        /// </exception>
        public static global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordsResponse> PutRecordsWithRetryAsync(
            this global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordsRequest request,
            global::System.Threading.CancellationToken cancellationToken = default(global::System.Threading.CancellationToken))
        {
            return global::KinesisAnalyzers.Generated.AmazonKinesisRetry.PutRecordsAsync(
                client, request, global::KinesisAnalyzers.Runtime.KinesisBackoff.Default,
                global::KinesisAnalyzers.Generated.AmazonKinesisRetry.DefaultMaxAttempts, cancellationToken);
        }

        /// <summary>
        /// Completes when Kinesis has written every entry, the records of each partition key in the order given. Takes the
        /// entries one at a time and sends them as <c>PutRecordsWithRetryAsync</c> does, in requests of at most 500 entries
        /// and 5 MiB (data plus partition keys), one request at a time and with at most one entry per partition key in a
        /// request: an entry is written (or has failed) before the next entry of its key is sent, so retries never reorder a key.
        /// </summary>
        /// <remarks>
        /// Entries are taken lazily, so a long or generated sequence is never held in memory at once. If taking the next
        /// entry throws, the entries taken before it are sent first, then that exception is rethrown; when a request fails,
        /// the entries after it are not sent.
        /// </remarks>
        /// <param name="client">The Kinesis client.</param>
        /// <param name="streamName">The stream to write to.</param>
        /// <param name="entries">The records, in the order they are to be written.</param>
        /// <param name="cancellationToken">Cancels the calls and the waits between attempts.</param>
        /// <returns>One result per entry, in the order given, each with its sequence number and shard.</returns>
        /// <exception cref="global::System.ArgumentNullException"><paramref name="streamName"/> or <paramref name="entries"/> is null.</exception>
        /// <exception cref="global::System.ArgumentException">An entry is null (the entries before it are sent first).</exception>
        /// <exception cref="global::KinesisAnalyzers.Runtime.KinesisPutRecordsException">
        /// Entries of one request were not written; its indexes are positions in that request. Entries after it were not sent.
        /// </exception>
        public static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Amazon.Kinesis.Model.PutRecordsResultEntry>> PutRecordsInBatchesWithRetryAsync(
            this global::Amazon.Kinesis.IAmazonKinesis client,
            string streamName,
            global::System.Collections.Generic.IEnumerable<global::Amazon.Kinesis.Model.PutRecordsRequestEntry> entries,
            global::System.Threading.CancellationToken cancellationToken = default(global::System.Threading.CancellationToken))
        {
            return global::KinesisAnalyzers.Generated.AmazonKinesisRetry.PutRecordsInBatchesAsync(
                client, streamName, entries, global::KinesisAnalyzers.Generated.AmazonKinesisRetry.MaxBatchEntries,
                global::KinesisAnalyzers.Generated.AmazonKinesisRetry.MaxBatchBytes, global::KinesisAnalyzers.Runtime.KinesisBackoff.Default,
                global::KinesisAnalyzers.Generated.AmazonKinesisRetry.DefaultMaxAttempts, cancellationToken);
        }
    }
}

namespace KinesisAnalyzers.Generated
{
    /// <summary>The retry loops behind the extension methods, with the backoff and attempt count as parameters.</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("KinesisAnalyzers", "{VERSION}")]
    internal static class AmazonKinesisRetry
    {
        internal const int DefaultMaxAttempts = 8;

        /// <summary>The PutRecords limits: 500 entries and 5 MiB of data and partition keys per request.</summary>
        internal const int MaxBatchEntries = 500;

        internal const long MaxBatchBytes = 5L * 1024 * 1024;

        private const string MissingResultMessage = "The PutRecords response held no result for this entry; it may or may not have been written.";

        internal static global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordResponse> PutRecordAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordRequest request,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            CheckArguments(client, request, backoff, maxAttempts);
            return PutRecordCoreAsync(client, request, backoff, maxAttempts, cancellationToken);
        }

        internal static global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordsResponse> PutRecordsAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordsRequest request,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            CheckArguments(client, request, backoff, maxAttempts);
            return PutRecordsCoreAsync(client, request, backoff, maxAttempts, cancellationToken);
        }

        private static async global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordResponse> PutRecordCoreAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordRequest request,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (attempt > 1)
                {
                    Rewind(request.Data);
                }

                try
                {
                    return await client.PutRecordAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (global::System.Exception exception) when (attempt < maxAttempts && IsRetryable(exception, cancellationToken))
                {
                }

                await global::System.Threading.Tasks.Task.Delay(backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
            }
        }

        private static async global::System.Threading.Tasks.Task<global::Amazon.Kinesis.Model.PutRecordsResponse> PutRecordsCoreAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            global::Amazon.Kinesis.Model.PutRecordsRequest request,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var original = request.Records;
            if (original == null || original.Count == 0)
            {
                // Nothing to retry entry by entry (SDK v4 leaves Records null): the service's validation answers.
                return await client.PutRecordsAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var entries = original.ToArray();
            var results = new global::Amazon.Kinesis.Model.PutRecordsResultEntry{N}[entries.Length];
            var pending = new global::System.Collections.Generic.List<int>(entries.Length);
            for (var i = 0; i < entries.Length; i++)
            {
                pending.Add(i);
            }

            global::Amazon.Kinesis.Model.PutRecordsResponse{N} last = null;
            global::System.Exception{N} finalError = null;
            var attempt = 0;
            try
            {
                while (true)
                {
                    attempt++;
                    if (attempt > 1)
                    {
                        var retry = new global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsRequestEntry>(pending.Count);
                        foreach (var index in pending)
                        {
                            Rewind(entries[index]);
                            retry.Add(entries[index]);
                        }

                        request.Records = retry;
                    }

                    global::Amazon.Kinesis.Model.PutRecordsResponse{N} response = null;
                    global::System.Exception{N} error = null;
                    try
                    {
                        response = await client.PutRecordsAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (global::System.Exception exception) when (!(exception is global::System.OperationCanceledException && cancellationToken.IsCancellationRequested))
                    {
                        error = exception;
                    }

                    if (error != null)
                    {
                        if (attempt < maxAttempts && IsRetryable(error, cancellationToken))
                        {
                            await global::System.Threading.Tasks.Task.Delay(backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        if (last == null)
                        {
                            // No response ever came, so nothing is known to be written: the caller sees the client's own exception.
                            global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                        }

                        var service = error as global::Amazon.Runtime.AmazonServiceException;
                        var code = service != null && !string.IsNullOrEmpty(service.ErrorCode) ? service.ErrorCode : error.GetType().Name;
                        foreach (var index in pending)
                        {
                            results[index] = new global::Amazon.Kinesis.Model.PutRecordsResultEntry { ErrorCode = code, ErrorMessage = error.Message };
                        }

                        finalError = error;
                        break;
                    }

                    // Only a result entry proves an entry was written; one the response leaves out is sent again.
                    last = response ?? new global::Amazon.Kinesis.Model.PutRecordsResponse();
                    var replies = last.Records;
                    var stillPending = new global::System.Collections.Generic.List<int>();
                    for (var k = 0; k < pending.Count; k++)
                    {
                        var index = pending[k];
                        var reply = replies != null && k < replies.Count ? replies[k] : null;
                        if (reply == null)
                        {
                            results[index] = new global::Amazon.Kinesis.Model.PutRecordsResultEntry
                            {
                                ErrorCode = global::KinesisAnalyzers.Runtime.KinesisPutRecordsException.MissingResultErrorCode,
                                ErrorMessage = MissingResultMessage,
                            };
                            stillPending.Add(index);
                            continue;
                        }

                        results[index] = reply;
                        var replyCode = reply.ErrorCode;
                        if (!string.IsNullOrEmpty(replyCode) && global::KinesisAnalyzers.Runtime.KinesisErrors.IsRetryable(replyCode))
                        {
                            stillPending.Add(index);
                        }
                    }

                    pending = stillPending;
                    if (pending.Count == 0 || attempt >= maxAttempts)
                    {
                        break;
                    }

                    await global::System.Threading.Tasks.Task.Delay(backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                request.Records = original;
            }

            var merged = new global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsResultEntry>(entries.Length);
            var failed = new global::System.Collections.Generic.List<global::KinesisAnalyzers.Runtime.KinesisFailedEntry>();
            for (var i = 0; i < entries.Length; i++)
            {
                var result = results[i] ?? new global::Amazon.Kinesis.Model.PutRecordsResultEntry
                {
                    ErrorCode = global::KinesisAnalyzers.Runtime.KinesisPutRecordsException.MissingResultErrorCode,
                    ErrorMessage = MissingResultMessage,
                };
                merged.Add(result);
                var resultCode = result.ErrorCode;
                if (resultCode != null && resultCode.Length > 0)
                {
                    // Rewound, so the caller can put the entry straight into a new request.
                    Rewind(entries[i]);
                    failed.Add(new global::KinesisAnalyzers.Runtime.KinesisFailedEntry(
                        i, PartitionKeyOf(entries[i]), resultCode, result.ErrorMessage, entries[i]));
                }
            }

            // The last response carries the service's metadata; its Records become the merged, request-aligned list.
            var outcome = last ?? new global::Amazon.Kinesis.Model.PutRecordsResponse();
            outcome.Records = merged;
            outcome.FailedRecordCount = failed.Count;
            if (failed.Count > 0)
            {
                throw new global::KinesisAnalyzers.Runtime.KinesisPutRecordsException(failed, entries.Length, attempt, outcome, finalError);
            }

            return outcome;
        }

        internal static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Amazon.Kinesis.Model.PutRecordsResultEntry>> PutRecordsInBatchesAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            string streamName,
            global::System.Collections.Generic.IEnumerable<global::Amazon.Kinesis.Model.PutRecordsRequestEntry> entries,
            int maxEntries,
            long maxBytes,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            if (streamName == null)
            {
                throw new global::System.ArgumentNullException(nameof(streamName));
            }

            if (entries == null)
            {
                throw new global::System.ArgumentNullException(nameof(entries));
            }

            CheckArguments(client, entries, backoff, maxAttempts);

            return PutRecordsInBatchesCoreAsync(client, streamName, entries, maxEntries, maxBytes, backoff, maxAttempts, cancellationToken);
        }

        private static async global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<global::Amazon.Kinesis.Model.PutRecordsResultEntry>> PutRecordsInBatchesCoreAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            string streamName,
            global::System.Collections.Generic.IEnumerable<global::Amazon.Kinesis.Model.PutRecordsRequestEntry> entries,
            int maxEntries,
            long maxBytes,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var results = new global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsResultEntry>();
            var batch = new global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsRequestEntry>();
            var keysInBatch = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal);
            long batchBytes = 0;
            using (var enumerator = entries.GetEnumerator())
            {
                while (true)
                {
                    global::Amazon.Kinesis.Model.PutRecordsRequestEntry{N} entry = null;
                    global::System.Runtime.ExceptionServices.ExceptionDispatchInfo{N} sourceError = null;
                    try
                    {
                        if (!enumerator.MoveNext())
                        {
                            break;
                        }

                        entry = enumerator.Current;
                        if (entry == null)
                        {
                            throw new global::System.ArgumentException("Entry " + (results.Count + batch.Count) + " is null.", nameof(entries));
                        }
                    }
                    catch (global::System.Exception exception)
                    {
                        sourceError = global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
                    }

                    if (sourceError != null || entry == null)
                    {
                        // What was taken before the failure is written first, as a loop putting one record at a time would have.
                        await SendBatchAsync(client, streamName, batch, results, backoff, maxAttempts, cancellationToken).ConfigureAwait(false);
                        if (sourceError != null)
                        {
                            sourceError.Throw();
                        }

                        break;
                    }

                    var key = entry.PartitionKey ?? string.Empty;
                    var bytes = (entry.Data == null ? 0L : entry.Data.Length) + global::System.Text.Encoding.UTF8.GetByteCount(key);
                    if (batch.Count == maxEntries || (batch.Count > 0 && batchBytes + bytes > maxBytes) || keysInBatch.Contains(key))
                    {
                        await SendBatchAsync(client, streamName, batch, results, backoff, maxAttempts, cancellationToken).ConfigureAwait(false);
                        keysInBatch.Clear();
                        batchBytes = 0;
                    }

                    batch.Add(entry);
                    keysInBatch.Add(key);
                    batchBytes += bytes;
                }
            }

            await SendBatchAsync(client, streamName, batch, results, backoff, maxAttempts, cancellationToken).ConfigureAwait(false);
            return results;
        }

        private static async global::System.Threading.Tasks.Task SendBatchAsync(
            global::Amazon.Kinesis.IAmazonKinesis client,
            string streamName,
            global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsRequestEntry> batch,
            global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsResultEntry> results,
            global::KinesisAnalyzers.Runtime.KinesisBackoff backoff,
            int maxAttempts,
            global::System.Threading.CancellationToken cancellationToken)
        {
            if (batch.Count == 0)
            {
                return;
            }

            var request = new global::Amazon.Kinesis.Model.PutRecordsRequest { StreamName = streamName, Records = batch };
            var response = await PutRecordsCoreAsync(client, request, backoff, maxAttempts, cancellationToken).ConfigureAwait(false);
            // The retry loop answers with Records aligned to the request (it throws when an entry was not written).
            results.AddRange(response.Records{NF});
            batch.Clear();
        }

        /// <summary>Throttling and transient failures are retried; permanent ones, and anything after cancellation, are not.</summary>
        internal static bool IsRetryable(global::System.Exception exception, global::System.Threading.CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            var service = exception as global::Amazon.Runtime.AmazonServiceException;
            if (service == null)
            {
                return global::KinesisAnalyzers.Runtime.KinesisErrors.Classify(exception) != global::KinesisAnalyzers.Runtime.KinesisErrorKind.Permanent;
            }

            var status = (int)service.StatusCode;
            if (string.IsNullOrEmpty(service.ErrorCode) && status == 0 && service.InnerException != null)
            {
                // The SDK wraps network failures (connection reset, timeout) in a service exception without a code or status.
                return global::KinesisAnalyzers.Runtime.KinesisErrors.Classify(service.InnerException) != global::KinesisAnalyzers.Runtime.KinesisErrorKind.Permanent;
            }

            return global::KinesisAnalyzers.Runtime.KinesisErrors.IsRetryable(service.ErrorCode, status == 0 ? (int?)null : status);
        }

        private static void CheckArguments(object client, object request, global::KinesisAnalyzers.Runtime.KinesisBackoff backoff, int maxAttempts)
        {
            if (client == null)
            {
                throw new global::System.ArgumentNullException(nameof(client));
            }

            if (request == null)
            {
                throw new global::System.ArgumentNullException(nameof(request));
            }

            if (backoff == null)
            {
                throw new global::System.ArgumentNullException(nameof(backoff));
            }

            if (maxAttempts < 1)
            {
                throw new global::System.ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt is needed.");
            }
        }

        /// <summary>The SDK reads the data stream to send it; a retry must start from the first byte again.</summary>
        private static void Rewind(global::System.IO.MemoryStream{N} data)
        {
            if (data != null && data.CanSeek)
            {
                data.Position = 0;
            }
        }

        private static void Rewind(global::Amazon.Kinesis.Model.PutRecordsRequestEntry{N} entry)
        {
            if (entry != null)
            {
                Rewind(entry.Data);
            }
        }

        private static string{N} PartitionKeyOf(global::Amazon.Kinesis.Model.PutRecordsRequestEntry{N} entry)
        {
            return entry == null ? null : entry.PartitionKey;
        }
    }
}
""";

        public static string Render(BindingModel model) => GeneratedSourceText.Render(Template, model);
    }
}
