using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The reshard stage: loads the shard map through ListShards when it is due (periodically, after failures with a
    /// growing pause, or when an answer showed the map is stale), off the loop's thread; installs what arrived into the
    /// lane table; and routes again the records of lanes that drained after a reshard (<see cref="Reroute"/>).
    /// Loop thread only, except the loads' queue.
    /// </summary>
    internal sealed class ShardMapUpdater
    {
        private readonly string _streamName;
        private readonly ShardMapLoader _mapLoader;
        private readonly ShardMapRefreshSchedule _refresh;
        private readonly ShardLaneTable _lanes;
        private readonly CompletionReporter _reporter;
        private readonly EntryRecycler _recycler;
        private readonly Func<ShardInfo?, ShardAggregator> _createAggregator;
        private readonly ProducerMetrics _metrics;
        private readonly ILogger _logger;
        private readonly LoopSignal _signal;
        private readonly CancellationToken _shutdown;
        private readonly ConcurrentQueue<MapLoad> _mapLoads = new ConcurrentQueue<MapLoad>();

        public ShardMapUpdater(string streamName, ShardMapLoader mapLoader, ShardMapRefreshSchedule refresh, ShardLaneTable lanes, CompletionReporter reporter,
            EntryRecycler recycler, Func<ShardInfo?, ShardAggregator> createAggregator, ProducerMetrics metrics, ILogger logger, LoopSignal signal, CancellationToken shutdown)
        {
            _streamName = streamName;
            _mapLoader = mapLoader;
            _refresh = refresh;
            _lanes = lanes;
            _reporter = reporter;
            _recycler = recycler;
            _createAggregator = createAggregator;
            _metrics = metrics;
            _logger = logger;
            _signal = signal;
            _shutdown = shutdown;
        }

        /// <summary>The first ListShards answer (or failure) came back: records may be routed.</summary>
        public bool Settled { get; private set; }

        /// <summary>Installs the maps that arrived, and starts a load when one is due.</summary>
        public void Step(TimeSpan now)
        {
            ApplyLoads(now);
            if (_refresh.IsDue(now))
            {
                StartMapLoad(now);
            }
        }

        private void ApplyLoads(TimeSpan now)
        {
            while (_mapLoads.TryDequeue(out var load))
            {
                Settled = true;
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
                var map = await Task.Run(() => _mapLoader.LoadAsync(_shutdown)).ConfigureAwait(false);
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
        public void Reroute(ShardLane draining)
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
                var aggregator = _createAggregator(lane.Shard);
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
