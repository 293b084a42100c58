using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Wires the stages and runs them on one loop: route (predict shard) -> aggregate per shard -> rate-limit per
    /// shard -> collect into requests (<see cref="Collector"/>) -> send (<see cref="RequestSender"/>) -> handle the
    /// answer: complete, retry or expire (<see cref="OutcomeHandler"/>, <see cref="EntryExpiry"/>); beside them the
    /// shard map (<see cref="ShardMapUpdater"/>) and when to run next (<see cref="WakeSchedule"/>). One thread owns
    /// every queue, so the stages need no locks and each record sits in exactly one place at a time; callers, sends
    /// and shard map loads talk to the loop through concurrent queues and a wake-up signal. Routing and dispatch
    /// (lane by lane, as the limiters allow) are the loop's own steps, and a crash fails everything it holds.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
        "_shutdown has no timer, so it holds nothing to release; sends and map loads still finishing after the loop stops read its token, which a disposed source would throw on.")]
    internal sealed class ProducerPipeline
    {
        /// <summary>The error code of records failed because the pipeline itself broke.</summary>
        public const string ProducerFaultCode = "ProducerFault";

        /// <summary>The most records routed per loop turn, so sending keeps up while callers flood the producer.</summary>
        private const int MaxRoutedPerTurn = 20_000;

        /// <summary>Records read ahead of routing at a time (see <see cref="RouteIncoming"/>).</summary>
        private const int WarmBlock = 32;

        /// <summary>The longest wait between ListShards attempts after repeated failures.</summary>
        private static readonly TimeSpan MaxShardMapRetryInterval = TimeSpan.FromSeconds(30);

        private readonly KinesisProducerOptions _options;
        private readonly PipelineClock _clock;
        private readonly CompletionReporter _reporter;
        private readonly ILogger _logger;
        private readonly ShardLaneTable _lanes;
        private readonly Collector _collector;
        private readonly Retrier _retrier;
        private readonly EntryRecycler _recycler;
        private readonly EntryExpiry _expiry;
        private readonly RequestSender _sender;
        private readonly OutcomeHandler _outcomes;
        private readonly ShardMapUpdater _maps;
        private readonly WakeSchedule _wake;
        private readonly int _aggregatedMaxBytes;
        private readonly LoopSignal _signal = new LoopSignal();
        private readonly RecordInbox _incoming = new RecordInbox();
        private readonly List<UserRecord> _routing = new List<UserRecord>();
        private readonly List<PutRecordsEntry> _scratch = new List<PutRecordsEntry>();
        private readonly CancellationTokenSource _shutdown = new CancellationTokenSource();
        private long _flushMark = -1;
        private volatile bool _stopRequested;
        private bool _routedThisTurn;
        private volatile Exception? _fault;
        private int _dispatchStart;
        // Keeps the reads of Warm from being optimised away.
        private long _warmed;

        /// <summary>The pipeline, wired in one place: each stage gets the parts it reads and writes.</summary>
        public ProducerPipeline(IKinesisTransport transport, string streamName, KinesisProducerOptions options, PipelineClock clock, ProducerMetrics metrics, CompletionReporter reporter, ILogger logger)
        {
            _options = options;
            _clock = clock;
            _reporter = reporter;
            _logger = logger;

            // The outer record's partition key counts toward the record size limit too.
            _aggregatedMaxBytes = Math.Min(options.AggregationMaxBytes, options.MaxRecordBytes - ShardAggregator.OuterPartitionKey.Length);
            _recycler = new EntryRecycler(_aggregatedMaxBytes, options.MaximumBufferedBytes);
            _lanes = new ShardLaneTable(CreateLane);
            _collector = new Collector(options.CollectionMaxCount, options.CollectionMaxBytes);
            _retrier = new Retrier(new KinesisBackoff(options.RetryBaseDelay, options.RetryMaxDelay));
            var refresh = new ShardMapRefreshSchedule(options.ShardMapRefreshInterval, MaxShardMapRetryInterval);
            _expiry = new EntryExpiry(options.RecordTtl, reporter, _recycler);
            _sender = new RequestSender(_collector, new BatchSender(transport, streamName, options.RequestTimeout, clock), _expiry, metrics, clock, _signal, options.MaxInFlightRequests);
            _outcomes = new OutcomeHandler(streamName, options.RateLimitPercent, _lanes, _retrier, reporter, _recycler, _expiry, refresh, metrics, logger);
            _maps = new ShardMapUpdater(streamName, new ShardMapLoader(transport, streamName, options.RequestTimeout, clock), refresh, _lanes, reporter, _recycler,
                CreateAggregator, metrics, logger, _signal, _shutdown.Token);
            _wake = new WakeSchedule(_incoming, _maps, refresh, _retrier, _collector, _lanes, options.StrictOrdering);
        }

        /// <summary>Completes when the loop stops (after <see cref="Stop"/>, or after a fault).</summary>
        public Task Completion { get; private set; } = Task.CompletedTask;

        /// <summary>The lanes, readable from any thread (per-shard counters).</summary>
        public IReadOnlyList<ShardLane> Lanes => _lanes.Snapshot;

        /// <summary>The shards records are predicted for now (a snapshot; for tests and diagnostics).</summary>
        public IReadOnlyList<string> CurrentShardIds
        {
            get
            {
                var ids = new List<string>();
                foreach (var lane in _lanes.Snapshot)
                {
                    if (lane.ShardId is { } id && !lane.Retired)
                    {
                        ids.Add(id);
                    }
                }

                return ids;
            }
        }

        /// <summary>The internal error that stopped the loop, if any.</summary>
        public Exception? Fault => _fault;

        /// <summary>
        /// Starts the loop on a thread of its own: between turns it blocks on the wake-up signal, so a busy producer does
        /// not hop between thread-pool threads every turn (each hop woke a pool thread that then spun idle).
        /// </summary>
        public void Start()
        {
            var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Completion = completion.Task;
            var thread = new Thread(() =>
            {
                Run();
                completion.SetResult(true);
            })
            {
                IsBackground = true,
                Name = "KinesisProducer loop",
            };

            // The loop must not inherit the creator's ambient state (e.g. its Activity).
            using (ExecutionContext.SuppressFlow())
            {
                thread.Start();
            }
        }

        /// <summary>The id of the last record numbered by <see cref="TryPost"/>.</summary>
        public long LastId => _incoming.LastId;

        /// <summary>
        /// Numbers an accepted record and hands it to the loop, unless <paramref name="admit"/> (called with the id set)
        /// refuses it; see <see cref="RecordInbox.TryPost"/>. It wakes the loop only when the loop is not napping (see
        /// <see cref="WakeSchedule"/>): while records flow the loop comes back for them on its own, so callers make no
        /// system call per record.
        /// </summary>
        public bool TryPost(UserRecord record, Func<UserRecord, bool> admit)
        {
            if (!_incoming.TryPost(record, admit))
            {
                return false;
            }

            if (_fault is not null)
            {
                FailIncoming(_fault);
                return true;
            }

            // A napping loop comes back on its own within its nap; a wake-up already pending costs only a read.
            if (!_wake.Napping)
            {
                _signal.Set();
            }

            return true;
        }

        /// <summary>Sends every record with an id up to <paramref name="mark"/> without waiting for its linger time.</summary>
        public void Flush(long mark)
        {
            long current;
            do
            {
                current = Interlocked.Read(ref _flushMark);
                if (current >= mark)
                {
                    break;
                }
            }
            while (Interlocked.CompareExchange(ref _flushMark, mark, current) != current);

            _signal.Set();
        }

        /// <summary>Stops the loop; call once every record has completed.</summary>
        public void Stop()
        {
            _stopRequested = true;
            _shutdown.Cancel();
            _signal.Set();
        }

        private void Run()
        {
            try
            {
                while (!_stopRequested)
                {
                    _signal.Reset();
                    var now = _clock.Now;
                    _routedThisTurn = false;
                    Step(now);
                    _signal.Wait(_wake.NapOrSleep(_wake.TimeUntilNextWork(now), _routedThisTurn));
                }
            }
            catch (Exception exception)
            {
                Crash(exception);
            }
        }

        /// <summary>One turn of the loop: take in what arrived, then move everything as far as it may go now.</summary>
        private void Step(TimeSpan now)
        {
            _maps.Step(now);

            // Records wait for the first ListShards answer (or its failure) so they are aggregated from the start;
            // their TTL runs all the same.
            if (!_maps.Settled)
            {
                ExpireWaiting(now);
                return;
            }

            while (_sender.TryTakeAnswer(out var sent))
            {
                _outcomes.Handle(sent, now);
            }

            RouteIncoming();
            Advance(now);
        }

        private ShardLane CreateLane(ShardInfo? shard) =>
            new ShardLane(
                shard,
                CreateAggregator(shard),
                shard is null ? null : new ShardRateLimiter(_options.RateLimitPercent, _clock.Now));

        // Records of unknown shard are never aggregated: they might belong to different shards.
        private ShardAggregator CreateAggregator(ShardInfo? shard) =>
            new ShardAggregator(_options.AggregationEnabled && shard is not null, _aggregatedMaxBytes, _options.RecordMaxBufferedTime, _recycler);

        private void RouteIncoming()
        {
            _routedThisTurn = _incoming.TakeUpTo(MaxRoutedPerTurn, _routing) > 0;
            var warmed = 0L;
            for (var start = 0; start < _routing.Count; start += WarmBlock)
            {
                // Callers wrote these records on other cores: reading a block of them first lets their cache misses
                // overlap, instead of each record stalling the routing work in turn.
                var end = Math.Min(start + WarmBlock, _routing.Count);
                for (var i = start; i < end; i++)
                {
                    warmed += _routing[i].Warm();
                }

                for (var i = start; i < end; i++)
                {
                    var record = _routing[i];
                    if (!record.IsCompleted)
                    {
                        _lanes.LaneFor(record.HashKey).Add(record, _scratch);
                    }
                }
            }

            _warmed = warmed;
            _routing.Clear();
        }

        private void Advance(TimeSpan now)
        {
            var flushMark = Interlocked.Read(ref _flushMark);

            // Backoffs that ended: back to the head of their lane, earliest-due nearest the head.
            var due = _retrier.TakeDue(now);
            for (var i = due.Count - 1; i >= 0; i--)
            {
                var entry = due[i];
                entry.Lane!.Returned();
                entry.Lane.EnqueueFront(entry);
            }

            List<ShardLane>? drained = null;
            foreach (var lane in _lanes.All)
            {
                if (lane.Retired || lane.Rerouting)
                {
                    if (lane.Outstanding == 0)
                    {
                        (drained ??= new List<ShardLane>()).Add(lane);
                    }

                    continue;
                }

                if (lane.Aggregator.Count > 0 && (now >= lane.Aggregator.SealDeadline || lane.Aggregator.OldestId <= flushMark))
                {
                    lane.Enqueue(lane.Aggregator.Seal()!);
                }

                _expiry.ExpireHead(lane, now);
            }

            if (drained is not null)
            {
                foreach (var lane in drained)
                {
                    _maps.Reroute(lane);
                }
            }

            while (true)
            {
                _sender.SendSealed(now);
                if (_collector.HasSealed || !DispatchLanes(now))
                {
                    break;
                }
            }

            _collector.SealIfDue(now, flushMark);
            _sender.SendSealed(now);
        }

        /// <summary>
        /// Moves entries that their limiter lets through into the collector, lane by lane in turn, until a
        /// request is sealed (true: send it, then come back) or nothing more may move (false).
        /// </summary>
        private bool DispatchLanes(TimeSpan now)
        {
            var lanes = _lanes.All;
            var count = lanes.Count;
            for (var k = 0; k < count; k++)
            {
                var index = (_dispatchStart + k) % count;
                var lane = lanes[index];
                while (lane.CanDispatch(_options.StrictOrdering))
                {
                    var entry = lane.Ready.First!.Value;
                    if (lane.Limiter is not null && !lane.Limiter.TryTake(entry.Size, now))
                    {
                        break;
                    }

                    lane.Ready.RemoveFirst();
                    lane.Dispatched();
                    _collector.Add(entry);
                    if (_collector.HasSealed)
                    {
                        _dispatchStart = index;
                        return true;
                    }
                }
            }

            _dispatchStart = count == 0 ? 0 : (_dispatchStart + 1) % count;
            return false;
        }

        /// <summary>Fails the records at the head of the incoming queue whose TTL ran out before any shard map arrived.</summary>
        private void ExpireWaiting(TimeSpan now)
        {
            while (_incoming.TryPeek(out var head) && now >= head.ExpiresAt && _incoming.TryTake(out head))
            {
                _reporter.Failed(new[] { head }, KinesisErrors.Expired, $"RecordTtl ({_options.RecordTtl.TotalMilliseconds:0} ms) ran out while the first shard map was loading.", null);
            }
        }

        /// <summary>A bug stopped the loop: fail every record it holds, so no caller waits forever.</summary>
        private void Crash(Exception exception)
        {
            _fault = exception;
            ProducerLog.PipelineFault(_logger, exception);
            _reporter.Failed(TakeEverything(), ProducerFaultCode, exception.Message, exception);
            FailIncoming(exception);
        }

        /// <summary>
        /// Fails every record the pipeline still holds, in flight included (a bounded shutdown ran out of time).
        /// Call only after the loop stopped (<see cref="Stop"/>, then <see cref="Completion"/>).
        /// </summary>
        public void FailEverything(string errorCode, string message)
        {
            var records = TakeEverything();
            while (_incoming.TryTake(out var record))
            {
                records.Add(record);
            }

            _reporter.Failed(records, errorCode, message, null);
        }

        private List<UserRecord> TakeEverything()
        {
            var records = new List<UserRecord>();
            foreach (var lane in _lanes.All)
            {
                foreach (var entry in lane.Ready)
                {
                    records.AddRange(entry.Records);
                }

                lane.Ready.Clear();
                records.AddRange(lane.Aggregator.TakeAll());
            }

            foreach (var entry in _collector.Drain())
            {
                records.AddRange(entry.Records);
            }

            foreach (var entry in _retrier.Drain())
            {
                records.AddRange(entry.Records);
            }

            foreach (var batch in _sender.TakeInFlight())
            {
                foreach (var entry in batch.Entries)
                {
                    records.AddRange(entry.Records);
                }
            }

            return records;
        }

        private void FailIncoming(Exception fault)
        {
            var records = new List<UserRecord>();
            while (_incoming.TryTake(out var record))
            {
                records.Add(record);
            }

            _reporter.Failed(records, ProducerFaultCode, fault.Message, fault);
        }
    }
}
