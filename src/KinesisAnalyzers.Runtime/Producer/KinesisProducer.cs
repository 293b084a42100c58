using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KinesisAnalyzers.Runtime.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// Buffers records, aggregates and batches them per shard, and writes them to one Kinesis stream
    /// with rate limiting, retries and back-pressure. Every record completes: delivered, or failed and reported.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Pipeline: validate (at the call) -> predict the shard (MD5 of the partition key, shard map from
    /// ListShards) -> aggregate per shard (KPL format) -> pace per shard (token buckets for bytes and records,
    /// slowed down when throttled) -> collect into PutRecords requests -> send -> retry only failed entries
    /// (exponential backoff with full jitter, until <see cref="KinesisProducerOptions.RecordTtl"/>).
    /// </para>
    /// <para>
    /// Kinesis is at-least-once: a record re-sent after an ambiguous outcome (a timeout, a 5xx, a missing
    /// result) may be written twice; the metric <c>kinesis.producer.records.duplicates_possible</c> counts those.
    /// </para>
    /// <para>
    /// Data is copied when a record is accepted, so the caller may reuse its buffer once AddAsync/PutAsync
    /// has accepted the record (for a call that waits for buffer space: once the wait is over).
    /// </para>
    /// <para>Metrics and traces: a Meter and an ActivitySource named <see cref="DiagnosticsName"/>.</para>
    /// </remarks>
    public sealed class KinesisProducer : IAsyncDisposable
    {
        /// <summary>The name of the producer's Meter and ActivitySource: "KinesisAnalyzers.Runtime".</summary>
        public const string DiagnosticsName = ProducerDiagnostics.Name;

        private readonly KinesisProducerOptions _options;
        private readonly RecordValidator _validator;
        private readonly BufferGate _gate;
        private readonly FlushTracker _flushes = new FlushTracker();
        private readonly PipelineClock _clock;
        private readonly ProducerMetrics _metrics;
        private readonly CompletionReporter _reporter;
        private readonly FailureHandlerDispatcher? _dispatcher;
        private readonly ProducerPipeline _pipeline;
        private readonly UserRecordPool _pool;
        // Orders FlushAsync and CloseAsync (sealing a flush generation, disposal); records are admitted without it.
        private readonly object _lifecycleLock = new object();
        private readonly Func<UserRecord, bool> _joinFlushGeneration;
        // Records accepted = ids taken (the pipeline numbers them) - ids given back (disposed during the call); minus
        // records completed. Counted so, admitting a record writes no counter of its own (the callers would contend on it).
        private long _rejectedIds;
        private long _completedRecords;
        private volatile bool _disposed;
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private Task? _disposal;

        /// <summary>Creates a producer writing to <paramref name="streamName"/> through <paramref name="transport"/>.</summary>
        /// <param name="transport">The port to Kinesis (the generated <c>CreateKinesisProducer</c> extension passes an adapter over IAmazonKinesis).</param>
        /// <param name="streamName">The stream: 1 to 128 characters of letters, digits, '_', '.' and '-'.</param>
        /// <param name="options">Settings; copied, so later changes have no effect. Null for the defaults.</param>
        /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="streamName"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="streamName"/> is empty, too long or holds other characters.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="KinesisProducerOptions.Validate"/>).</exception>
        public KinesisProducer(IKinesisTransport transport, string streamName, KinesisProducerOptions? options = null)
            : this(transport, streamName, options, new PipelineClock())
        {
        }

        /// <summary>Creates a producer on a given clock (tests).</summary>
        internal KinesisProducer(IKinesisTransport transport, string streamName, KinesisProducerOptions? options, PipelineClock clock)
        {
            if (transport is null)
            {
                throw new ArgumentNullException(nameof(transport));
            }

            RecordValidator.ValidateStreamName(streamName);
            _clock = clock;
            _options = (options ?? new KinesisProducerOptions()).Clone();
            _options.Validate();
            StreamName = streamName;

            var logger = _options.Logger ?? NullLogger.Instance;
            _validator = new RecordValidator(_options.MaxRecordBytes);
            _gate = new BufferGate(_options.MaximumBufferedBytes);
            _metrics = new ProducerMetrics(streamName, () => BufferedRecordCount, () => BufferedBytes);
            _dispatcher = _options.OnRecordFailed is { } handler ? new FailureHandlerDispatcher(handler, logger) : null;
            _pool = new UserRecordPool(_options.MaximumBufferedBytes);
            _reporter = new CompletionReporter(streamName, _metrics, logger, _dispatcher, ReleaseBuffer, Finish, ReleaseBuffers, FinishAll, _pool, _options.MaximumBufferedBytes / 2);
            _pipeline = new ProducerPipeline(transport, streamName, _options, _clock, _metrics, _reporter, logger);
            _joinFlushGeneration = JoinFlushGeneration;
            _pipeline.Start();
        }

        /// <summary>The stream this producer writes to.</summary>
        public string StreamName { get; }

        /// <summary>
        /// Records accepted and not yet completed (buffered, in flight, or waiting to retry), plus failed records whose
        /// report still holds buffer space (waiting for <see cref="KinesisProducerOptions.OnRecordFailed"/>, or kept with
        /// their payload for the next FlushAsync/DisposeAsync).
        /// </summary>
        public int BufferedRecordCount
        {
            get
            {
                // Completed records first: every one of them took its id before, so the difference never goes negative.
                var completed = Interlocked.Read(ref _completedRecords);
                var rejected = Interlocked.Read(ref _rejectedIds);
                return (int)(_pipeline.LastId - rejected - completed);
            }
        }

        /// <summary>
        /// Bytes (data plus partition key) of the records counted by <see cref="BufferedRecordCount"/>; never above
        /// <see cref="KinesisProducerOptions.MaximumBufferedBytes"/>.
        /// </summary>
        public long BufferedBytes => _gate.UsedBytes;

        /// <summary>
        /// Records not yet completed per predicted shard id. Records not yet routed, or routed while no shard
        /// map was available, count only in <see cref="BufferedRecordCount"/>.
        /// </summary>
        public IReadOnlyDictionary<string, int> GetBufferedRecordCountsByShard()
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var lane in _pipeline.Lanes)
            {
                var count = lane.BufferedRecords;
                if (lane.ShardId is { } shardId && count > 0)
                {
                    counts[shardId] = counts.TryGetValue(shardId, out var existing) ? existing + count : count;
                }
            }

            return counts;
        }

        /// <summary>The shards of the current shard map (for tests and diagnostics).</summary>
        internal IReadOnlyList<string> CurrentShardIds => _pipeline.CurrentShardIds;

        /// <summary>
        /// Completes when the record is accepted into the buffer; it is then sent in the background. When the
        /// buffer is full, waits for space (or throws <see cref="KinesisBufferFullException"/> with
        /// <see cref="BufferFullBehavior.Fail"/>). A final failure goes to
        /// <see cref="KinesisProducerOptions.OnRecordFailed"/>, or without a handler is thrown by the next
        /// <see cref="FlushAsync"/> or <see cref="DisposeAsync"/>.
        /// </summary>
        /// <param name="partitionKey">1 to 256 characters; the shard is chosen by its MD5 unless <paramref name="explicitHashKey"/> is given.</param>
        /// <param name="data">The payload; data plus UTF-8 key at most <see cref="KinesisProducerOptions.MaxRecordBytes"/>.</param>
        /// <param name="explicitHashKey">A decimal 0..2^128-1 that picks the shard instead of the key's hash, or null.</param>
        /// <param name="cancellationToken">Cancels only the wait for buffer space; an accepted record is sent regardless.</param>
        /// <exception cref="ArgumentException">The key, explicit hash key or size is out of Kinesis' limits.</exception>
        /// <exception cref="ObjectDisposedException">The producer is disposed (or is disposed during the wait).</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled before the record was accepted; nothing was buffered.</exception>
        /// <exception cref="KinesisBufferFullException">The buffer is full and <see cref="BufferFullBehavior.Fail"/> is set.</exception>
        public ValueTask AddAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            AddCore(partitionKey, data, owned: false, explicitHashKey, cancellationToken);

        /// <summary>Completes when the record is accepted into the buffer; see <see cref="AddAsync(string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public ValueTask AddAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            AddCore(partitionKey, data ?? throw new ArgumentNullException(nameof(data)), owned: false, explicitHashKey, cancellationToken);

        /// <summary>
        /// Completes when the record is accepted into the buffer; the payload is the whole content of
        /// <paramref name="data"/> (as the AWS SDK sends a MemoryStream), whatever its position.
        /// See <see cref="AddAsync(string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public ValueTask AddAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            AddCore(partitionKey, (data ?? throw new ArgumentNullException(nameof(data))).ToArray(), owned: true, explicitHashKey, cancellationToken);

        /// <summary>
        /// Buffers the record if there is room now and returns true; returns false at once when the buffer is
        /// full. Never waits. Failures are reported as for AddAsync.
        /// </summary>
        /// <exception cref="ArgumentException">The key, explicit hash key or size is out of Kinesis' limits.</exception>
        /// <exception cref="ObjectDisposedException">The producer is disposed.</exception>
        public bool TryAdd(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null)
        {
            var size = Check(partitionKey, explicitHashKey, data.Length, CancellationToken.None, out var hashKey);
            if (!_gate.TryAcquire(size))
            {
                return false;
            }

            Admit(partitionKey, explicitHashKey, hashKey, data, owned: false, size, awaitsResult: false);
            return true;
        }

        /// <summary>
        /// Completes when Kinesis has written the record, with its sequence number, shard id and attempts;
        /// throws <see cref="KinesisRecordFailedException"/> when it finally fails (a permanent error, or
        /// <see cref="KinesisProducerOptions.RecordTtl"/> ran out: error code "Expired").
        /// </summary>
        /// <param name="partitionKey">1 to 256 characters.</param>
        /// <param name="data">The payload; data plus UTF-8 key at most <see cref="KinesisProducerOptions.MaxRecordBytes"/>.</param>
        /// <param name="explicitHashKey">A decimal 0..2^128-1 that picks the shard instead of the key's hash, or null.</param>
        /// <param name="cancellationToken">
        /// Cancels waiting: for buffer space (then nothing is buffered), or for the acknowledgement (then the
        /// record is still sent, and a failure is reported as for an AddAsync record).
        /// </param>
        /// <exception cref="ArgumentException">The key, explicit hash key or size is out of Kinesis' limits.</exception>
        /// <exception cref="ObjectDisposedException">The producer is disposed.</exception>
        /// <exception cref="KinesisPutCanceledException">
        /// The token was cancelled; <see cref="KinesisPutCanceledException.RecordBuffered"/> says whether the record was
        /// never buffered or is still being sent. A token already cancelled at the call throws <see cref="OperationCanceledException"/>.
        /// </exception>
        /// <exception cref="KinesisBufferFullException">The buffer is full and <see cref="BufferFullBehavior.Fail"/> is set.</exception>
        public Task<KinesisPutResult> PutAsync(string partitionKey, ReadOnlyMemory<byte> data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            PutCore(partitionKey, data, owned: false, explicitHashKey, cancellationToken);

        /// <summary>Completes when Kinesis has written the record; see <see cref="PutAsync(string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public Task<KinesisPutResult> PutAsync(string partitionKey, byte[] data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            PutCore(partitionKey, data ?? throw new ArgumentNullException(nameof(data)), owned: false, explicitHashKey, cancellationToken);

        /// <summary>
        /// Completes when Kinesis has written the whole content of <paramref name="data"/>;
        /// see <see cref="PutAsync(string, ReadOnlyMemory{byte}, string?, CancellationToken)"/>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public Task<KinesisPutResult> PutAsync(string partitionKey, MemoryStream data, string? explicitHashKey = null, CancellationToken cancellationToken = default) =>
            PutCore(partitionKey, (data ?? throw new ArgumentNullException(nameof(data))).ToArray(), owned: true, explicitHashKey, cancellationToken);

        /// <summary>
        /// Sends every record accepted so far without waiting for <see cref="KinesisProducerOptions.RecordMaxBufferedTime"/>,
        /// and completes when each of them has completed (delivered, or failed and reported). The producer
        /// stays usable. Then throws an <see cref="AggregateException"/> of <see cref="KinesisRecordFailedException"/>
        /// for AddAsync records that failed with no <see cref="KinesisProducerOptions.OnRecordFailed"/> handler
        /// and were not surfaced before.
        /// </summary>
        /// <param name="cancellationToken">Cancels only the wait; the records are still sent.</param>
        /// <exception cref="ObjectDisposedException">The producer is disposed.</exception>
        public Task FlushAsync(CancellationToken cancellationToken = default)
        {
            Task done;
            long mark;
            lock (_lifecycleLock)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(KinesisProducer), "The producer has been disposed.");
                }

                done = _flushes.Seal();
                mark = _pipeline.LastId;
            }

            _pipeline.Flush(mark);
            return FlushCoreAsync(done, cancellationToken);
        }

        /// <summary>
        /// Refuses new records, sends every buffered record and completes when each has completed (callers still
        /// waiting for buffer space get <see cref="ObjectDisposedException"/>), then stops the pipeline. Throws an
        /// <see cref="AggregateException"/> of <see cref="KinesisRecordFailedException"/> for unobserved failures,
        /// if any. Records that cannot be written complete at the latest when their RecordTtl (plus one
        /// RequestTimeout) runs out, so this never hangs on Kinesis; <see cref="CloseAsync"/> bounds it explicitly.
        /// A later call waits for the same shutdown but does not throw the failures again.
        /// </summary>
        public ValueTask DisposeAsync() => new ValueTask(CloseAsync(CancellationToken.None));

        /// <summary>
        /// Shuts down as <see cref="DisposeAsync"/> does, but when <paramref name="cancellationToken"/> fires first,
        /// every record not yet completed fails at once with <see cref="KinesisErrors.ProducerClosed"/> (records in
        /// flight may still have been written) and the shutdown ends without waiting for Kinesis or for
        /// <see cref="KinesisProducerOptions.OnRecordFailed"/> calls still queued. The first call throws an
        /// <see cref="AggregateException"/> of unobserved failures, if any; later calls wait for the same shutdown
        /// (their token can still cut it short) and do not throw them again.
        /// </summary>
        public Task CloseAsync(CancellationToken cancellationToken)
        {
            Task<Task>? disposal = null;
            Task first;
            lock (_lifecycleLock)
            {
                if (_disposal is null)
                {
                    _disposed = true;
                    var allDone = _flushes.Seal();
                    disposal = new Task<Task>(() => DisposeCoreAsync(allDone));
                    _disposal = disposal.Unwrap();
                    first = _disposal;
                }
                else
                {
                    first = null!;
                }
            }

            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() => _abort.Cancel());
                _ = _disposal!.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            // Started outside the lock, so no part of the disposal runs under it.
            if (disposal is not null)
            {
                disposal.RunSynchronously(TaskScheduler.Default);
                return first;
            }

            // A repeated call (e.g. `await using` after an explicit dispose): the failures were thrown once already.
            return _disposal!.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private async Task DisposeCoreAsync(Task allDone)
        {
            _gate.Close();
            _pipeline.Flush(long.MaxValue);
            var aborted = false;
            try
            {
                await TimeBound.WaitAsync(allDone, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                aborted = true;
            }

            _pipeline.Stop();
            await _pipeline.Completion.ConfigureAwait(false);
            if (aborted)
            {
                _pipeline.FailEverything(KinesisErrors.ProducerClosed, "The producer was closed before the record completed; it may still have been written.");
            }

            if (_dispatcher is not null)
            {
                _dispatcher.Complete();
                if (!aborted)
                {
                    await _dispatcher.Completion.ConfigureAwait(false);
                }
            }

            _metrics.Dispose();
            ThrowUnobserved();
        }

        private async Task FlushCoreAsync(Task done, CancellationToken cancellationToken)
        {
            await TimeBound.WaitAsync(done, cancellationToken).ConfigureAwait(false);
            ThrowUnobserved();
        }

        private void ThrowUnobserved()
        {
            var failures = _reporter.TakeUnobserved();
            if (failures.Count > 0)
            {
                throw new AggregateException(
                    $"{failures.Count} record(s) added with AddAsync failed and no OnRecordFailed handler observed them.",
                    failures);
            }
        }

        private ValueTask AddCore(string partitionKey, ReadOnlyMemory<byte> data, bool owned, string? explicitHashKey, CancellationToken cancellationToken)
        {
            var size = Check(partitionKey, explicitHashKey, data.Length, cancellationToken, out var hashKey);
            if (_gate.TryAcquire(size))
            {
                Admit(partitionKey, explicitHashKey, hashKey, data, owned, size, awaitsResult: false);
                return default;
            }

            ThrowIfFailFast();
            return new ValueTask(AddAfterWaitAsync(partitionKey, data, owned, explicitHashKey, hashKey, size, cancellationToken));
        }

        private async Task AddAfterWaitAsync(string partitionKey, ReadOnlyMemory<byte> data, bool owned, string? explicitHashKey, HashKey hashKey, int size, CancellationToken cancellationToken)
        {
            await _gate.AcquireAsync(size, cancellationToken).ConfigureAwait(false);
            Admit(partitionKey, explicitHashKey, hashKey, data, owned, size, awaitsResult: false);
        }

        private Task<KinesisPutResult> PutCore(string partitionKey, ReadOnlyMemory<byte> data, bool owned, string? explicitHashKey, CancellationToken cancellationToken)
        {
            var size = Check(partitionKey, explicitHashKey, data.Length, cancellationToken, out var hashKey);
            if (_gate.TryAcquire(size))
            {
                var record = Admit(partitionKey, explicitHashKey, hashKey, data, owned, size, awaitsResult: true);
                return Observe(record, cancellationToken);
            }

            ThrowIfFailFast();
            return PutAfterWaitAsync(partitionKey, data, owned, explicitHashKey, hashKey, size, cancellationToken);
        }

        private async Task<KinesisPutResult> PutAfterWaitAsync(string partitionKey, ReadOnlyMemory<byte> data, bool owned, string? explicitHashKey, HashKey hashKey, int size, CancellationToken cancellationToken)
        {
            try
            {
                await _gate.AcquireAsync(size, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new KinesisPutCanceledException(recordBuffered: false, cancellationToken);
            }

            var record = Admit(partitionKey, explicitHashKey, hashKey, data, owned, size, awaitsResult: true);
            return await Observe(record, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Lets the token stop the caller's wait without recalling the record.</summary>
        private static Task<KinesisPutResult> Observe(UserRecord record, CancellationToken cancellationToken)
        {
            var result = record.Result!;
            if (!cancellationToken.CanBeCanceled || result.IsCompleted)
            {
                return result;
            }

            var registration = cancellationToken.Register(() => record.TryAbandonWaiter(cancellationToken));
            _ = result.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return result;
        }

        private int Check(string partitionKey, string? explicitHashKey, long dataLength, CancellationToken cancellationToken, out HashKey hashKey)
        {
            RecordValidator.ThrowIfUnusable(_disposed, CancellationToken.None);
            var size = _validator.Validate(partitionKey, explicitHashKey, dataLength, out hashKey);
            cancellationToken.ThrowIfCancellationRequested();
            return size;
        }

        private void ThrowIfFailFast()
        {
            if (_options.BufferFullBehavior == BufferFullBehavior.Fail)
            {
                throw new KinesisBufferFullException(_gate.UsedBytes, _gate.MaxBytes);
            }
        }

        /// <summary>
        /// Admits a record whose buffer space is already taken. The data is copied into a recycled record's buffer
        /// when there is one.
        /// </summary>
        private UserRecord Admit(string partitionKey, string? explicitHashKey, HashKey hashKey, ReadOnlyMemory<byte> data, bool owned, int size, bool awaitsResult)
        {
            var now = _clock.Now;
            UserRecord record;
            try
            {
                record = _pool.Rent();
                record.Accept(partitionKey, explicitHashKey, hashKey, data, owned, size, now, now + _options.RecordTtl, awaitsResult);
            }
            catch
            {
                // Nothing was buffered: the space taken for it must not leak.
                _gate.Release(size);
                throw;
            }

            if (!_pipeline.TryPost(record, _joinFlushGeneration))
            {
                Interlocked.Increment(ref _rejectedIds);
                _gate.Release(size);
                throw new ObjectDisposedException(nameof(KinesisProducer), "The producer has been disposed.");
            }

            return record;
        }

        /// <summary>
        /// Called as the pipeline numbers a record: the record joins the current flush generation, and only then looks at
        /// _disposed. CloseAsync sets _disposed before it seals the generation, so either the record is in a generation the
        /// shutdown waits for, or it sees _disposed and backs out (false). No lock of the producer's: this runs once per
        /// record, from many callers.
        /// </summary>
        private bool JoinFlushGeneration(UserRecord record)
        {
            var generation = _flushes.Join();
            if (_disposed)
            {
                _flushes.Leave(generation);
                return false;
            }

            record.Generation = generation;
            return true;
        }

        private void ReleaseBuffer(UserRecord record)
        {
            Interlocked.Increment(ref _completedRecords);
            _gate.Release(record.Size);
        }

        private void Finish(UserRecord record) => _flushes.Leave(record.Generation!);

        private void ReleaseBuffers(List<UserRecord> records)
        {
            long bytes = 0;
            foreach (var record in records)
            {
                bytes += record.Size;
            }

            Interlocked.Add(ref _completedRecords, records.Count);
            _gate.Release(bytes);
        }

        /// <summary>Leaves each flush generation once per run of records that share it (delivered records mostly do).</summary>
        private void FinishAll(List<UserRecord> records)
        {
            var start = 0;
            for (var i = 1; i <= records.Count; i++)
            {
                if (i == records.Count || records[i].Generation != records[start].Generation)
                {
                    _flushes.Leave(records[start].Generation!, i - start);
                    start = i;
                }
            }
        }
    }
}
