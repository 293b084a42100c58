using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// Runs the stages on one loop: route (predict shard) -> aggregate per shard -> rate-limit per shard ->
    /// collect into requests -> send -> retry or complete. One thread owns every queue, so the stages need no
    /// locks and each record sits in exactly one place at a time; callers, sends and shard map loads talk to
    /// the loop through concurrent queues and a wake-up signal. The loop sleeps until the next deadline
    /// (linger, limiter, backoff, TTL, refresh) or until woken.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification =
        "_shutdown has no timer, so it holds nothing to release; sends and map loads still finishing after the loop stops read its token, which a disposed source would throw on.")]
    internal sealed class ProducerPipeline
    {
        /// <summary>The error code of records failed because the pipeline itself broke.</summary>
        public const string ProducerFaultCode = "ProducerFault";

        /// <summary>The attempt error of an aggregated record written to a shard that does not own all its user records.</summary>
        public const string WrongShardCode = "WrongShard";

        /// <summary>The most records routed per loop turn, so sending keeps up while callers flood the producer.</summary>
        private const int MaxRoutedPerTurn = 20_000;

        /// <summary>While records keep arriving, the loop is woken once per this many (see <see cref="Post"/>).</summary>
        private const int WakeEvery = 256;

        /// <summary>The longest wait between ListShards attempts after repeated failures.</summary>
        private static readonly TimeSpan MaxShardMapRetryInterval = TimeSpan.FromSeconds(30);

        private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

        /// <summary>While records keep arriving, the loop comes back for them after this long instead of being woken.</summary>
        private static readonly TimeSpan BusyNap = TimeSpan.FromMilliseconds(1);

        private readonly string _streamName;
        private readonly KinesisProducerOptions _options;
        private readonly PipelineClock _clock;
        private readonly ProducerMetrics _metrics;
        private readonly CompletionReporter _reporter;
        private readonly ILogger _logger;
        private readonly ShardMapLoader _mapLoader;
        private readonly ShardMapRefreshSchedule _refresh;
        private readonly ShardLaneTable _lanes;
        private readonly Collector _collector;
        private readonly BatchSender _sender;
        private readonly Retrier _retrier;
        private readonly EntryRecycler _recycler;
        private readonly int _aggregatedMaxBytes;
        private readonly LoopSignal _signal = new LoopSignal();
        private readonly RecordInbox _incoming = new RecordInbox();
        private readonly List<UserRecord> _routing = new List<UserRecord>();
        private readonly ConcurrentQueue<SendResult> _sent = new ConcurrentQueue<SendResult>();
        private readonly ConcurrentQueue<MapLoad> _mapLoads = new ConcurrentQueue<MapLoad>();
        private readonly HashSet<PutRecordsBatch> _inFlight = new HashSet<PutRecordsBatch>();
        private readonly List<PutRecordsEntry> _scratch = new List<PutRecordsEntry>();
        private readonly CancellationTokenSource _shutdown = new CancellationTokenSource();
        private long _flushMark = -1;
        private volatile bool _stopRequested;
        private volatile bool _napping;
        private bool _routedThisTurn;
        private volatile Exception? _fault;
        private bool _mapSettled;
        private int _dispatchStart;

        public ProducerPipeline(IKinesisTransport transport, string streamName, KinesisProducerOptions options, PipelineClock clock, ProducerMetrics metrics, CompletionReporter reporter, ILogger logger)
        {
            _streamName = streamName;
            _options = options;
            _clock = clock;
            _metrics = metrics;
            _reporter = reporter;
            _logger = logger;

            // The outer record's partition key counts toward the record size limit too.
            _aggregatedMaxBytes = Math.Min(options.AggregationMaxBytes, options.MaxRecordBytes - ShardAggregator.OuterPartitionKey.Length);
            _recycler = new EntryRecycler(_aggregatedMaxBytes, options.MaximumBufferedBytes);
            _lanes = new ShardLaneTable(CreateLane);
            _collector = new Collector(options.CollectionMaxCount, options.CollectionMaxBytes);
            _sender = new BatchSender(transport, streamName, options.RequestTimeout, clock);
            _retrier = new Retrier(new KinesisBackoff(options.RetryBaseDelay, options.RetryMaxDelay));
            _refresh = new ShardMapRefreshSchedule(options.ShardMapRefreshInterval, MaxShardMapRetryInterval);
            _mapLoader = new ShardMapLoader(transport, streamName, options.RequestTimeout, clock);
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

        public void Start()
        {
            // The loop must not inherit the creator's ambient state (e.g. its Activity).
            using (ExecutionContext.SuppressFlow())
            {
                Completion = Task.Run(RunAsync);
            }
        }

        /// <summary>
        /// Hands an accepted record to the loop. Only the first record after the loop drained the queue wakes it
        /// (it then knows when that record's linger ends), and every <see cref="WakeEvery"/>th after: waking the loop
        /// once per record costs more than everything else a record needs.
        /// </summary>
        public void Post(UserRecord record)
        {
            var waiting = _incoming.Post(record);
            if (_fault is not null)
            {
                FailIncoming(_fault);
                return;
            }

            // A napping loop comes back on its own within BusyNap.
            if (!_napping && (waiting == 1 || waiting % WakeEvery == 0))
            {
                _signal.Set();
            }
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

        private async Task RunAsync()
        {
            try
            {
                while (!_stopRequested)
                {
                    _signal.Reset();
                    var now = _clock.Now;
                    _routedThisTurn = false;
                    Step(now);
                    await _signal.WaitAsync(NapOrSleep(TimeUntilNextWork(now))).ConfigureAwait(false);
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
            ApplyMapLoads(now);
            if (_refresh.IsDue(now))
            {
                StartMapLoad(now);
            }

            // Records wait for the first ListShards answer (or its failure) so they are aggregated from the start;
            // their TTL runs all the same.
            if (!_mapSettled)
            {
                ExpireWaiting(now);
                return;
            }

            while (_sent.TryDequeue(out var sent))
            {
                _inFlight.Remove(sent.Batch);
                HandleSent(sent, now);
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
            // The inbox counts the records out after they left it: a record posted from then on finds the count low
            // and wakes the loop (one posted before is seen by the loop's emptiness check).
            _routedThisTurn = _incoming.TakeUpTo(MaxRoutedPerTurn, _routing) > 0;
            foreach (var record in _routing)
            {
                if (!record.IsCompleted)
                {
                    _lanes.LaneFor(record.HashKey).Add(record, _scratch);
                }
            }

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

                ExpireHead(lane, now);
            }

            if (drained is not null)
            {
                foreach (var lane in drained)
                {
                    Reroute(lane);
                }
            }

            while (true)
            {
                SendSealed(now);
                if (_collector.HasSealed || !DispatchLanes(now))
                {
                    break;
                }
            }

            _collector.SealIfDue(now, flushMark);
            SendSealed(now);
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

        private void SendSealed(TimeSpan now)
        {
            while (_collector.HasSealed && _inFlight.Count < _options.MaxInFlightRequests)
            {
                var batch = _collector.TakeSealed();
                foreach (var expired in batch.RemoveAll(e => now >= e.ExpiresAt))
                {
                    expired.Lane!.Returned();
                    Expire(expired, null);
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
                result = await Task.Run(() => _sender.SendAsync(batch, CancellationToken.None)).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                result = new SendResult(batch, _clock.Now, DateTimeOffset.UtcNow, TimeSpan.Zero, null, exception);
            }

            _sent.Enqueue(result);
            _signal.Set();
        }

        private void HandleSent(SendResult sent, TimeSpan now)
        {
            if (sent.Exception is not null)
            {
                Taint(sent.Batch);
            }

            var outcomes = ResponseInterpreter.Interpret(sent);
            LogRequestProblems(sent, outcomes);

            Dictionary<ShardLane, int>? throttled = null;
            for (var i = 0; i < outcomes.Length; i++)
            {
                var entry = sent.Batch.Entries[i];
                var outcome = outcomes[i];
                var lane = entry.Lane!;
                if (outcome.Kind == EntryOutcomeKind.Written)
                {
                    lane.Returned();
                    lane.Limiter?.OnWritten(entry.Size, now);
                    CheckLanding(lane, outcome.ShardId);
                    if (entry.Aggregated && !LandedOnOwner(entry, lane, outcome.ShardId))
                    {
                        ReturnWrongShard(entry, lane, sent, outcome.ShardId!, outcome.SequenceNumber!);
                        continue;
                    }

                    _reporter.Delivered(entry, outcome.SequenceNumber!, outcome.ShardId ?? lane.ShardId ?? string.Empty);
                    _recycler.Recycle(entry);
                    continue;
                }

                var attempt = new KinesisAttempt(sent.StartedAt, sent.Duration, outcome.ErrorCode, outcome.ErrorMessage);
                foreach (var record in entry.Records)
                {
                    record.AddFailedAttempt(attempt);
                }

                if (outcome.IsThrottling)
                {
                    throttled ??= new Dictionary<ShardLane, int>();
                    throttled[lane] = (throttled.TryGetValue(lane, out var n) ? n : 0) + 1;
                    _metrics.RecordsThrottled(entry.Records.Count);
                }

                switch (_retrier.Handle(entry, outcome, now))
                {
                    case RetryDecision.Retry:
                        _metrics.RecordsRetried(entry.Records.Count);
                        if (outcome.Ambiguous)
                        {
                            _metrics.DuplicatesPossible(entry.Records.Count);
                        }

                        break;
                    case RetryDecision.Fail:
                        lane.Returned();
                        _reporter.Failed(entry.Records, outcome.ErrorCode ?? "Unknown", outcome.ErrorMessage, outcome.Exception);
                        _recycler.Recycle(entry);
                        break;
                    default:
                        lane.Returned();
                        Expire(entry, outcome);
                        break;
                }
            }

            if (throttled is not null)
            {
                foreach (var pair in throttled)
                {
                    if (pair.Key.Limiter is { } limiter && limiter.OnThrottled(sent.SentAt, now))
                    {
                        _metrics.RateCut(pair.Key.ShardId!);
                        ProducerLog.RateCut(_logger, pair.Key.ShardId!, pair.Value, limiter.Share * _options.RateLimitPercent);
                    }
                }
            }
        }

        /// <summary>
        /// The transport call ended without an answer (timeout, error): it may still read the entries' bytes, so they
        /// are never recycled.
        /// </summary>
        private static void Taint(PutRecordsBatch batch)
        {
            foreach (var entry in batch.Entries)
            {
                entry.Tainted = true;
                foreach (var record in entry.Records)
                {
                    record.Tainted = true;
                }
            }
        }

        private void LogRequestProblems(SendResult sent, EntryOutcome[] outcomes)
        {
            if (sent.Exception is not null)
            {
                _metrics.RequestCompleted("error");
                if (outcomes.Length > 0 && outcomes[0].Kind == EntryOutcomeKind.Retry)
                {
                    ProducerLog.RequestFailed(_logger, _streamName, outcomes.Length, outcomes[0].ErrorCode ?? "Unknown", sent.Exception);
                }

                return;
            }

            var written = 0;
            var unusable = 0;
            foreach (var outcome in outcomes)
            {
                written += outcome.Kind == EntryOutcomeKind.Written ? 1 : 0;
                unusable += outcome.ErrorCode is ResponseInterpreter.MissingResultCode or ResponseInterpreter.MalformedResultCode ? 1 : 0;
            }

            _metrics.RequestCompleted(written == outcomes.Length ? "success" : "partial");
            if (unusable > 0)
            {
                ProducerLog.MissingResults(_logger, outcomes.Length - unusable, outcomes.Length);
            }
        }

        /// <summary>
        /// True when the shard an aggregated entry landed on owns every user record inside: the predicted shard
        /// (a shard id's range never changes), or a shard of the current map whose range covers them all.
        /// Consumers (KCL) drop the user records of an aggregated record that lie outside its shard.
        /// </summary>
        private bool LandedOnOwner(PutRecordsEntry entry, ShardLane lane, string? actualShardId)
        {
            if (actualShardId is null || actualShardId == lane.ShardId)
            {
                return true;
            }

            if (_lanes.Map.FindById(actualShardId) is not { } actual)
            {
                return false;
            }

            foreach (var record in entry.Records)
            {
                if (!actual.Contains(record.HashKey))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The KPL's "wrong shard" retry: the aggregated record counts as not written. It goes back to the head of
        /// its lane, which waits for a new shard map; a lane whose shard closed then routes its records again.
        /// When the new map shows the landing shard, the records inside its range count as written there
        /// (<see cref="Reroute"/>); only the others are sent again.
        /// </summary>
        private void ReturnWrongShard(PutRecordsEntry entry, ShardLane lane, SendResult sent, string actualShardId, string sequenceNumber)
        {
            entry.WrongShardLanding = (actualShardId, sequenceNumber);
            var attempt = new KinesisAttempt(sent.StartedAt, sent.Duration, WrongShardCode,
                $"The aggregated record was written to {actualShardId}, which does not own all of its user records; they are routed again.");
            foreach (var record in entry.Records)
            {
                record.AddFailedAttempt(attempt);
            }

            _metrics.RecordsRetried(entry.Records.Count);
            lane.EnqueueFront(entry);
            lane.AwaitingMap = true;
            _refresh.Request();
        }

        /// <summary>A written entry that landed on a shard the map did not predict means the map is stale.</summary>
        private void CheckLanding(ShardLane lane, string? actualShardId)
        {
            if (actualShardId is null)
            {
                return;
            }

            if (!_lanes.Map.Contains(actualShardId) || (ShardLaneTable.IsCurrent(lane) && lane.ShardId != actualShardId))
            {
                ProducerLog.ReshardSuspected(_logger, lane.ShardId ?? "(unknown)", actualShardId);
                _refresh.Request();
            }
        }

        /// <summary>Fails the records at the head of the incoming queue whose TTL ran out before any shard map arrived.</summary>
        private void ExpireWaiting(TimeSpan now)
        {
            while (_incoming.TryPeek(out var head) && now >= head.ExpiresAt && _incoming.TryTake(out head))
            {
                _reporter.Failed(new[] { head }, KinesisErrors.Expired, $"RecordTtl ({_options.RecordTtl.TotalMilliseconds:0} ms) ran out while the first shard map was loading.", null);
            }
        }

        private void ExpireHead(ShardLane lane, TimeSpan now)
        {
            while (lane.Ready.First is { } first && now >= first.Value.ExpiresAt)
            {
                lane.Ready.RemoveFirst();
                Expire(first.Value, null);
            }
        }

        private void Expire(PutRecordsEntry entry, EntryOutcome? last)
        {
            // The entry may have waited out a backoff since its last try: name that try's error either way.
            var attempts = entry.Records[0].FailedAttempts;
            var lastCode = last?.ErrorCode ?? (attempts.Count > 0 ? attempts[attempts.Count - 1].ErrorCode : null);
            var message = lastCode is not null
                ? $"RecordTtl ({_options.RecordTtl.TotalMilliseconds:0} ms) ran out before the record was written; the last try failed with {lastCode}."
                : $"RecordTtl ({_options.RecordTtl.TotalMilliseconds:0} ms) ran out before the record was sent.";
            _reporter.Failed(entry.Records, KinesisErrors.Expired, message, last?.Exception);
            _recycler.Recycle(entry);
        }

        private void ApplyMapLoads(TimeSpan now)
        {
            while (_mapLoads.TryDequeue(out var load))
            {
                _mapSettled = true;
                _metrics.ShardMapLoaded(load.Map is not null);
                if (load.Map is null)
                {
                    _refresh.Failed(now);
                    ProducerLog.ShardMapFailed(_logger, _streamName, load.Exception!);
                    continue;
                }

                _refresh.Succeeded();
                var retired = _lanes.Apply(load.Map);
                ProducerLog.ShardMapLoaded(_logger, _streamName, load.Map.Count, retired.Count);
            }
        }

        private void StartMapLoad(TimeSpan now)
        {
            _refresh.Started(now);
            _ = LoadMapAsync();
        }

        private async Task LoadMapAsync()
        {
            MapLoad load;
            try
            {
                var map = await Task.Run(() => _mapLoader.LoadAsync(_shutdown.Token)).ConfigureAwait(false);
                load = new MapLoad(map, null);
            }
            catch (Exception exception)
            {
                load = new MapLoad(null, exception);
            }

            _mapLoads.Enqueue(load);
            _signal.Set();
        }

        /// <summary>
        /// A closed shard's lane (or the unknown lane, once a map exists) has nothing out any more: its records are
        /// predicted again with the new map and put at the head of their new lanes, ahead of records that arrived
        /// after the reshard.
        /// </summary>
        private void Reroute(ShardLane draining)
        {
            var records = new List<UserRecord>();
            foreach (var entry in draining.Ready)
            {
                var landedOn = entry.WrongShardLanding is { } landing ? _lanes.Map.FindById(landing.ShardId) : null;
                foreach (var record in entry.Records)
                {
                    if (landedOn is null || !landedOn.Contains(record.HashKey))
                    {
                        records.Add(record);
                    }
                }

                if (landedOn is not null)
                {
                    // Written to a shard of the new map: the records it owns arrived; the others go again. (After the
                    // loop above: delivered records are recycled, so they must not be looked at again.)
                    _reporter.Delivered(entry, entry.WrongShardLanding!.Value.SequenceNumber, landedOn.ShardId, r => landedOn.Contains(r.HashKey));
                }

                _recycler.Recycle(entry);
            }

            draining.Ready.Clear();
            records.AddRange(draining.Aggregator.TakeAll());
            if (draining.Retired)
            {
                _lanes.Remove(draining);
            }
            else
            {
                draining.Rerouting = false;
            }

            var order = new List<ShardLane>();
            var byLane = new Dictionary<ShardLane, List<UserRecord>>();
            foreach (var record in records)
            {
                var lane = _lanes.LaneFor(record.HashKey);
                if (!byLane.TryGetValue(lane, out var list))
                {
                    byLane[lane] = list = new List<UserRecord>();
                    order.Add(lane);
                }

                list.Add(record);
            }

            foreach (var lane in order)
            {
                var aggregator = CreateAggregator(lane.Shard);
                var entries = new List<PutRecordsEntry>();
                foreach (var record in byLane[lane])
                {
                    lane.Attach(record);
                    aggregator.Add(record, entries);
                }

                if (aggregator.Seal() is { } last)
                {
                    entries.Add(last);
                }

                for (var i = entries.Count - 1; i >= 0; i--)
                {
                    lane.EnqueueFront(entries[i]);
                }
            }
        }

        /// <summary>
        /// While records are flowing, the loop naps <see cref="BusyNap"/> and takes what arrived meanwhile in one batch:
        /// callers then do not wake it (a wake-up costs the caller a system call and the loop a thread hop, more than
        /// the records of a small batch cost). Otherwise it sleeps until <paramref name="wait"/> ends or it is woken.
        /// </summary>
        private TimeSpan NapOrSleep(TimeSpan wait)
        {
            if (_routedThisTurn && wait != TimeSpan.Zero)
            {
                _napping = true;
                return wait == Timeout.InfiniteTimeSpan || wait > BusyNap ? BusyNap : wait;
            }

            _napping = false;

            // A caller that still saw the nap did not wake the loop: its record is seen here (Post counts with a full fence).
            Interlocked.MemoryBarrier();
            return !_incoming.IsEmpty && _mapSettled ? TimeSpan.Zero : wait;
        }

        /// <summary>How long the loop may sleep: until the earliest deadline, or until woken.</summary>
        private TimeSpan TimeUntilNextWork(TimeSpan now)
        {
            if (!_incoming.IsEmpty && _mapSettled)
            {
                return TimeSpan.Zero;
            }

            var next = TimeSpan.MaxValue;
            Consider(ref next, _refresh.NextDue);
            if (!_mapSettled && _incoming.TryPeek(out var waiting))
            {
                Consider(ref next, waiting.ExpiresAt);
            }

            if (_mapSettled)
            {
                Consider(ref next, _retrier.NextDue);

                // With every request slot taken, only a send completing (which wakes the loop) lets anything move.
                var requestsBlocked = _collector.HasSealed;
                if (!requestsBlocked)
                {
                    Consider(ref next, _collector.OpenDeadline);
                }

                foreach (var lane in _lanes.All)
                {
                    if (lane.Retired || lane.Rerouting)
                    {
                        continue;
                    }

                    if (lane.Aggregator.Count > 0)
                    {
                        Consider(ref next, lane.Aggregator.SealDeadline);
                    }

                    if (lane.Ready.First is { } head)
                    {
                        Consider(ref next, head.Value.ExpiresAt);
                        if (!requestsBlocked && lane.Limiter is not null && lane.CanDispatch(_options.StrictOrdering))
                        {
                            Consider(ref next, now + lane.Limiter.TimeUntilAvailable(head.Value.Size, now));
                        }
                    }
                }
            }

            if (next == TimeSpan.MaxValue)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var wait = next - now;
            return wait < MinimumWait ? MinimumWait : wait;
        }

        private static void Consider(ref TimeSpan next, TimeSpan? candidate)
        {
            if (candidate is { } value && value < next)
            {
                next = value;
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

            foreach (var batch in _inFlight)
            {
                foreach (var entry in batch.Entries)
                {
                    records.AddRange(entry.Records);
                }
            }

            _inFlight.Clear();
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

        private sealed class MapLoad
        {
            public MapLoad(ShardMap? map, Exception? exception)
            {
                Map = map;
                Exception = exception;
            }

            public ShardMap? Map { get; }

            public Exception? Exception { get; }
        }
    }
}
