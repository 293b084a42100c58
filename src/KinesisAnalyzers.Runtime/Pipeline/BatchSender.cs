using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>What came back from one PutRecords call: a result, or the exception (a timeout included).</summary>
    internal sealed class SendResult
    {
        public SendResult(PutRecordsBatch batch, TimeSpan sentAt, DateTimeOffset startedAt, TimeSpan duration, TransportPutResult? result, Exception? exception)
        {
            Batch = batch;
            SentAt = sentAt;
            StartedAt = startedAt;
            Duration = duration;
            Result = result;
            Exception = exception;
        }

        public PutRecordsBatch Batch { get; }

        /// <summary>Pipeline clock time of sending, to match throttles against rate cuts.</summary>
        public TimeSpan SentAt { get; }

        /// <summary>Wall-clock time of sending, for the attempt reports.</summary>
        public DateTimeOffset StartedAt { get; }

        public TimeSpan Duration { get; }

        public TransportPutResult? Result { get; }

        public Exception? Exception { get; }
    }

    /// <summary>
    /// Sends one PutRecords request through the port, bounded by RequestTimeout (a hung call is abandoned),
    /// inside a "PutRecords" activity. Never throws: every outcome comes back as a <see cref="SendResult"/>.
    /// </summary>
    internal sealed class BatchSender
    {
        private readonly IKinesisTransport _transport;
        private readonly string _streamName;
        private readonly TimeSpan _requestTimeout;
        private readonly PipelineClock _clock;

        public BatchSender(IKinesisTransport transport, string streamName, TimeSpan requestTimeout, PipelineClock clock)
        {
            _transport = transport;
            _streamName = streamName;
            _requestTimeout = requestTimeout;
            _clock = clock;
        }

        public async Task<SendResult> SendAsync(PutRecordsBatch batch, CancellationToken cancellationToken)
        {
            var records = new TransportRecord[batch.Count];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = batch.Entries[i].Record;
            }

            var sentAt = _clock.Now;
            var startedAt = DateTimeOffset.UtcNow;
            using var activity = ProducerDiagnostics.ActivitySource.StartActivity("PutRecords", ActivityKind.Client);
            activity?.SetTag("aws.kinesis.stream_name", _streamName);
            activity?.SetTag("kinesis.producer.entries", records.Length);
            activity?.SetTag("kinesis.producer.bytes", batch.Bytes);

            TransportPutResult? result = null;
            Exception? exception = null;
            try
            {
                result = await TimeBound.RunAsync(c => _transport.PutRecordsAsync(_streamName, records, c), _requestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception caught)
            {
                exception = caught;
                activity?.SetStatus(ActivityStatusCode.Error, caught.GetType().Name);
            }

            return new SendResult(batch, sentAt, startedAt, _clock.Now - sentAt, result, exception);
        }
    }
}
