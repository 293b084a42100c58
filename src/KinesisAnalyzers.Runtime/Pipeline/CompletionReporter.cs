using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Completes records, each exactly once: a PutAsync caller gets its <see cref="KinesisPutResult"/> or a
    /// <see cref="KinesisRecordFailedException"/>; an AddAsync record's failure goes to OnRecordFailed, or,
    /// with no handler, is kept for FlushAsync/DisposeAsync to surface. Loop thread only, except
    /// <see cref="TakeUnobserved"/>.
    /// </summary>
    internal sealed class CompletionReporter
    {
        private readonly string _streamName;
        private readonly ProducerMetrics _metrics;
        private readonly ILogger _logger;
        private readonly FailureHandlerDispatcher? _dispatcher;
        private readonly Action<UserRecord> _releaseBuffer;
        private readonly Action<UserRecord> _finish;
        private readonly Action<List<UserRecord>> _releaseDelivered;
        private readonly Action<List<UserRecord>> _finishDelivered;
        private readonly UserRecordPool? _pool;
        private readonly List<UserRecord> _delivered = new List<UserRecord>();
        private readonly List<KinesisRecordFailedException> _unobserved = new List<KinesisRecordFailedException>();
        private readonly List<UserRecord> _unobservedHeld = new List<UserRecord>();
        private readonly long _unobservedPayloadBound;
        private long _unobservedPayloadBytes;

        // releaseBuffer gives a record's bytes back to the buffer; finish marks it done for FlushAsync and
        // DisposeAsync (after its failure handler ran, if it has one). Unobserved failures keep their payloads (and
        // buffer space) up to unobservedPayloadBound bytes; past it they are kept without payload.
        public CompletionReporter(string streamName, ProducerMetrics metrics, ILogger logger, FailureHandlerDispatcher? dispatcher, Action<UserRecord> releaseBuffer, Action<UserRecord> finish, long unobservedPayloadBound)
            : this(streamName, metrics, logger, dispatcher, releaseBuffer, finish, records => records.ForEach(releaseBuffer), records => records.ForEach(finish), null, unobservedPayloadBound)
        {
        }

        // The producer's form: delivered records are released and finished a request entry at a time (one lock
        // each rather than one per record), then recycled into the pool.
        public CompletionReporter(string streamName, ProducerMetrics metrics, ILogger logger, FailureHandlerDispatcher? dispatcher,
            Action<UserRecord> releaseBuffer, Action<UserRecord> finish, Action<List<UserRecord>> releaseDelivered, Action<List<UserRecord>> finishDelivered,
            UserRecordPool? pool, long unobservedPayloadBound)
        {
            _unobservedPayloadBound = unobservedPayloadBound;
            _streamName = streamName;
            _metrics = metrics;
            _logger = logger;
            _dispatcher = dispatcher;
            _releaseBuffer = releaseBuffer;
            _finish = finish;
            _releaseDelivered = releaseDelivered;
            _finishDelivered = finishDelivered;
            _pool = pool;
        }

        /// <summary>
        /// The user records of <paramref name="entry"/> (or those <paramref name="only"/> picks) were written as part
        /// of one Kinesis record. AddAsync records go back to the pool afterwards: call only when nothing else in the
        /// pipeline holds them any more.
        /// </summary>
        public void Delivered(PutRecordsEntry entry, string sequenceNumber, string shardId, Func<UserRecord, bool>? only = null)
        {
            var delivered = _delivered;
            long bytes = 0;
            for (var i = 0; i < entry.Records.Count; i++)
            {
                var record = entry.Records[i];
                if (only is not null && !only(record))
                {
                    continue;
                }

                var observer = record.ClaimCompletion();
                if (observer == RecordObserver.AlreadyCompleted)
                {
                    continue;
                }

                delivered.Add(record);
                bytes += record.Data.Length;
                record.Lane?.Detach(record);
            }

            if (delivered.Count == 0)
            {
                return;
            }

            var count = delivered.Count;
            _releaseDelivered(delivered);
            for (var i = 0; i < entry.Records.Count; i++)
            {
                var record = entry.Records[i];
                if (record.Result is not null && (only is null || only(record)))
                {
                    record.SetResult(new KinesisPutResult(sequenceNumber, shardId, record.Attempts, entry.Aggregated ? i : 0, entry.Aggregated));
                }
            }

            _finishDelivered(delivered);
            _metrics.RecordsPut(count, bytes);
            if (_pool is null)
            {
                delivered.Clear();
                return;
            }

            delivered.RemoveAll(static r => !r.Recyclable);
            _pool.Return(delivered);
        }

        /// <summary>The records failed finally with <paramref name="errorCode"/>.</summary>
        public void Failed(IReadOnlyList<UserRecord> records, string errorCode, string? errorMessage, Exception? exception)
        {
            var count = 0;
            foreach (var record in records)
            {
                var observer = record.ClaimCompletion();
                if (observer == RecordObserver.AlreadyCompleted)
                {
                    continue;
                }

                count++;
                var shardId = record.Lane?.ShardId;
                record.Lane?.Detach(record);
                var attempts = new List<KinesisAttempt>(record.FailedAttempts);
                ProducerLog.RecordFailedKey(_logger, record.PartitionKey, errorCode, record.Attempts);
                if (observer == RecordObserver.PutAsyncCaller)
                {
                    _releaseBuffer(record);
                    record.SetFailure(new KinesisRecordFailedException(Report(record, shardId, errorCode, errorMessage, exception, attempts, dataDropped: false)));
                    _finish(record);
                }
                else if (_dispatcher is not null)
                {
                    // The bytes go back when the handler takes the failure (so queued failures stay inside the
                    // buffer), and before it runs (so a handler that re-adds the record finds room).
                    var failure = Report(record, shardId, errorCode, errorMessage, exception, attempts, dataDropped: false);
                    _dispatcher.Enqueue(failure, () => _releaseBuffer(record), () => _finish(record));
                }
                else
                {
                    KeepUnobserved(record, shardId, errorCode, errorMessage, exception, attempts);
                    _finish(record);
                }
            }

            if (count > 0)
            {
                _metrics.RecordsFailed(count, errorCode);
                ProducerLog.RecordsFailed(_logger, count, _streamName, errorCode, exception);
            }
        }

        /// <summary>Removes and returns the failures nobody observed yet; the buffer space their payloads held goes back.</summary>
        public List<KinesisRecordFailedException> TakeUnobserved()
        {
            List<KinesisRecordFailedException> taken;
            List<UserRecord> held;
            lock (_unobserved)
            {
                taken = new List<KinesisRecordFailedException>(_unobserved);
                held = new List<UserRecord>(_unobservedHeld);
                _unobserved.Clear();
                _unobservedHeld.Clear();
                _unobservedPayloadBytes = 0;
            }

            foreach (var record in held)
            {
                _releaseBuffer(record);
            }

            return taken;
        }

        private static KinesisRecordFailure Report(UserRecord record, string? shardId, string errorCode, string? errorMessage, Exception? exception, List<KinesisAttempt> attempts, bool dataDropped) =>
            new KinesisRecordFailure(record.PartitionKey, record.ExplicitHashKey, record.Data, shardId, errorCode, errorMessage, exception, attempts, dataDropped);

        /// <summary>
        /// Keeps a failure for FlushAsync/DisposeAsync. Its payload keeps its buffer space while the kept payloads
        /// stay within the bound; past it the payload is dropped (and the report says so), so failures nobody
        /// collects cannot grow memory without limit.
        /// </summary>
        private void KeepUnobserved(UserRecord record, string? shardId, string errorCode, string? errorMessage, Exception? exception, List<KinesisAttempt> attempts)
        {
            bool keep;
            lock (_unobserved)
            {
                keep = _unobservedPayloadBytes + record.Size <= _unobservedPayloadBound;
                if (keep)
                {
                    _unobservedPayloadBytes += record.Size;
                    _unobservedHeld.Add(record);
                }

                _unobserved.Add(new KinesisRecordFailedException(Report(record, shardId, errorCode, errorMessage, exception, attempts, dataDropped: !keep)));
            }

            if (!keep)
            {
                _releaseBuffer(record);
            }
        }
    }
}
