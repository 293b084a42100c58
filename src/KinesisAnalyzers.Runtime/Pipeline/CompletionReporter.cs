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
        private readonly List<KinesisRecordFailedException> _unobserved = new List<KinesisRecordFailedException>();

        // releaseBuffer gives a record's bytes back to the buffer; finish marks it done for FlushAsync and
        // DisposeAsync (after its failure handler ran, if it has one).
        public CompletionReporter(string streamName, ProducerMetrics metrics, ILogger logger, FailureHandlerDispatcher? dispatcher, Action<UserRecord> releaseBuffer, Action<UserRecord> finish)
        {
            _streamName = streamName;
            _metrics = metrics;
            _logger = logger;
            _dispatcher = dispatcher;
            _releaseBuffer = releaseBuffer;
            _finish = finish;
        }

        /// <summary>Every user record of <paramref name="entry"/> was written as part of one Kinesis record.</summary>
        public void Delivered(PutRecordsEntry entry, string sequenceNumber, string shardId)
        {
            var count = 0;
            long bytes = 0;
            for (var i = 0; i < entry.Records.Count; i++)
            {
                var record = entry.Records[i];
                var observer = record.ClaimCompletion();
                if (observer == RecordObserver.AlreadyCompleted)
                {
                    continue;
                }

                count++;
                bytes += record.Data.Length;
                record.Lane?.Detach(record);
                _releaseBuffer(record);
                if (observer == RecordObserver.PutAsyncCaller)
                {
                    record.SetResult(new KinesisPutResult(sequenceNumber, shardId, record.Attempts, entry.Aggregated ? i : 0, entry.Aggregated));
                }

                _finish(record);
            }

            if (count > 0)
            {
                _metrics.RecordsPut(count, bytes);
            }
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
                var failure = new KinesisRecordFailure(record.PartitionKey, record.ExplicitHashKey, record.Data, shardId, errorCode, errorMessage, exception, attempts);
                ProducerLog.RecordFailedKey(_logger, record.PartitionKey, errorCode, record.Attempts);

                // The bytes go back before any handler runs: a handler that re-adds the record must find room.
                _releaseBuffer(record);
                if (observer == RecordObserver.PutAsyncCaller)
                {
                    record.SetFailure(new KinesisRecordFailedException(failure));
                    _finish(record);
                }
                else if (_dispatcher is not null)
                {
                    _dispatcher.Enqueue(failure, () => _finish(record));
                }
                else
                {
                    lock (_unobserved)
                    {
                        _unobserved.Add(new KinesisRecordFailedException(failure));
                    }

                    _finish(record);
                }
            }

            if (count > 0)
            {
                _metrics.RecordsFailed(count, errorCode);
                ProducerLog.RecordsFailed(_logger, count, _streamName, errorCode, exception);
            }
        }

        /// <summary>Removes and returns the failures nobody observed yet.</summary>
        public List<KinesisRecordFailedException> TakeUnobserved()
        {
            lock (_unobserved)
            {
                var taken = new List<KinesisRecordFailedException>(_unobserved);
                _unobserved.Clear();
                return taken;
            }
        }
    }
}
