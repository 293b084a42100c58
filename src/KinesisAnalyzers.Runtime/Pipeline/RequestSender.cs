using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The sending stage: takes sealed requests from the collector while fewer than MaxInFlightRequests are out,
    /// drops entries that expired while collected, counts the attempt, and sends off the loop's thread. Answers come
    /// back through a queue the loop drains (<see cref="TryTakeAnswer"/>), with a wake-up. Loop thread only, except
    /// the answers' queue.
    /// </summary>
    internal sealed class RequestSender
    {
        private readonly Collector _collector;
        private readonly BatchSender _sender;
        private readonly EntryExpiry _expiry;
        private readonly ProducerMetrics _metrics;
        private readonly PipelineClock _clock;
        private readonly LoopSignal _signal;
        private readonly int _maxInFlight;
        private readonly ConcurrentQueue<SendResult> _sent = new ConcurrentQueue<SendResult>();
        private readonly HashSet<PutRecordsBatch> _inFlight = new HashSet<PutRecordsBatch>();

        public RequestSender(Collector collector, BatchSender sender, EntryExpiry expiry, ProducerMetrics metrics, PipelineClock clock, LoopSignal signal, int maxInFlight)
        {
            _collector = collector;
            _sender = sender;
            _expiry = expiry;
            _metrics = metrics;
            _clock = clock;
            _signal = signal;
            _maxInFlight = maxInFlight;
        }

        /// <summary>Takes the next answer of a request that was out.</summary>
        public bool TryTakeAnswer(out SendResult sent)
        {
            if (!_sent.TryDequeue(out sent!))
            {
                return false;
            }

            _inFlight.Remove(sent.Batch);
            return true;
        }

        /// <summary>Removes and returns the requests still out (the pipeline fails everything it holds).</summary>
        public List<PutRecordsBatch> TakeInFlight()
        {
            var batches = new List<PutRecordsBatch>(_inFlight);
            _inFlight.Clear();
            return batches;
        }

        /// <summary>Sends sealed requests while request slots are free.</summary>
        public void SendSealed(TimeSpan now)
        {
            while (_collector.HasSealed && _inFlight.Count < _maxInFlight)
            {
                var batch = _collector.TakeSealed();
                foreach (var expired in batch.RemoveAll(e => now >= e.ExpiresAt))
                {
                    expired.Lane!.Returned();
                    _expiry.Expire(expired, null);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                foreach (var entry in batch.Entries)
                {
                    foreach (var record in entry.Records)
                    {
                        if (record.Attempts == 0)
                        {
                            _metrics.BufferedTime(now - record.AcceptedAt);
                        }

                        record.Attempts++;
                    }
                }

                _metrics.RequestSent(batch.Count, batch.Bytes);
                _inFlight.Add(batch);
                _ = SendAsync(batch);
            }
        }

        private async Task SendAsync(PutRecordsBatch batch)
        {
            SendResult result;
            try
            {
                // Off the loop's thread: a transport that blocks before its first await must not stall the loop.
                result = await Task.Run(
                    () =>
                    {
                        foreach (var entry in batch.Entries)
                        {
                            entry.CompleteRecord();
                        }

                        return _sender.SendAsync(batch, CancellationToken.None);
                    }).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                result = new SendResult(batch, _clock.Now, DateTimeOffset.UtcNow, TimeSpan.Zero, null, exception);
            }

            _sent.Enqueue(result);
            _signal.Set();
        }
    }
}
