using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The outcome stage: reads a PutRecords answer entry by entry. A written entry completes its records (unless it is
    /// an aggregated record that landed on a shard not owning all of them: the KPL's "wrong shard" retry), a failed
    /// one is retried after a backoff, failed for good, or expired; throttling cuts the shard's rate; a landing on an
    /// unexpected shard asks for a new shard map. Loop thread only.
    /// </summary>
    internal sealed class OutcomeHandler
    {
        /// <summary>The attempt error of an aggregated record written to a shard that does not own all its user records.</summary>
        public const string WrongShardCode = "WrongShard";

        private readonly string _streamName;
        private readonly int _rateLimitPercent;
        private readonly ShardLaneTable _lanes;
        private readonly Retrier _retrier;
        private readonly CompletionReporter _reporter;
        private readonly EntryRecycler _recycler;
        private readonly EntryExpiry _expiry;
        private readonly ShardMapRefreshSchedule _refresh;
        private readonly ProducerMetrics _metrics;
        private readonly ILogger _logger;

        public OutcomeHandler(string streamName, int rateLimitPercent, ShardLaneTable lanes, Retrier retrier, CompletionReporter reporter, EntryRecycler recycler,
            EntryExpiry expiry, ShardMapRefreshSchedule refresh, ProducerMetrics metrics, ILogger logger)
        {
            _streamName = streamName;
            _rateLimitPercent = rateLimitPercent;
            _lanes = lanes;
            _retrier = retrier;
            _reporter = reporter;
            _recycler = recycler;
            _expiry = expiry;
            _refresh = refresh;
            _metrics = metrics;
            _logger = logger;
        }

        /// <summary>Handles the answer (or the failure) of one request.</summary>
        public void Handle(SendResult sent, TimeSpan now)
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
                        _expiry.Expire(entry, outcome);
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
                        ProducerLog.RateCut(_logger, pair.Key.ShardId!, pair.Value, limiter.Share * _rateLimitPercent);
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
        /// (<see cref="ShardMapUpdater.Reroute"/>); only the others are sent again.
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
    }
}
