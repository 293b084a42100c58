using System;
using System.Collections.Generic;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// The lanes of the current shard map, plus the unknown lane and lanes of shards closed by a reshard
    /// that still hold records. Predicts a record's lane by binary search over the map. Loop thread only,
    /// except <see cref="Snapshot"/>.
    /// </summary>
    internal sealed class ShardLaneTable
    {
        private readonly Func<ShardInfo?, ShardLane> _createLane;
        private readonly Dictionary<string, ShardLane> _byId = new Dictionary<string, ShardLane>(StringComparer.Ordinal);
        private readonly List<ShardLane> _all = new List<ShardLane>();
        private ShardLane[] _byMapIndex = Array.Empty<ShardLane>();
        private volatile ShardLane[] _snapshot;

        public ShardLaneTable(Func<ShardInfo?, ShardLane> createLane)
        {
            _createLane = createLane;
            Unknown = createLane(null);
            _all.Add(Unknown);
            _snapshot = _all.ToArray();
        }

        public ShardMap Map { get; private set; } = ShardMap.Empty;

        /// <summary>Records whose shard cannot be predicted (no map yet, or a gap in it): sent plain, unpaced.</summary>
        public ShardLane Unknown { get; }

        /// <summary>Every lane, unknown and retired ones included.</summary>
        public IReadOnlyList<ShardLane> All => _all;

        /// <summary>A copy of <see cref="All"/> safe to read from any thread.</summary>
        public IReadOnlyList<ShardLane> Snapshot => _snapshot;

        /// <summary>The lane of the shard that owns <paramref name="key"/>.</summary>
        public ShardLane LaneFor(HashKey key)
        {
            var index = Map.IndexOf(key);
            return index < 0 ? Unknown : _byMapIndex[index];
        }

        /// <summary>
        /// Installs a new map: lanes of shards still open stay as they are; new shards get lanes that wait for
        /// their parents' lanes to drain; lanes of shards no longer listed retire. Returns the lanes retired now.
        /// </summary>
        public IReadOnlyList<ShardLane> Apply(ShardMap map)
        {
            var retired = new List<ShardLane>();
            foreach (var lane in _all)
            {
                if (lane.Shard is not null && !lane.Retired && !map.Contains(lane.Shard.ShardId))
                {
                    lane.Retired = true;
                    retired.Add(lane);
                }
            }

            // Records the unknown lane holds may belong to any new lane: they are routed again once it is quiet.
            if (map.Count > 0 && !(Unknown.IsEmpty))
            {
                Unknown.Rerouting = true;
            }

            var lanes = new ShardLane[map.Count];
            for (var i = 0; i < map.Count; i++)
            {
                var shard = map.Shards[i];
                if (_byId.TryGetValue(shard.ShardId, out var existing) && !existing.Retired)
                {
                    lanes[i] = existing;
                    continue;
                }

                var lane = _createLane(shard);
                WaitForOlderLanes(lane);
                _byId[shard.ShardId] = lane;
                _all.Add(lane);
                lanes[i] = lane;
            }

            foreach (var lane in _all)
            {
                lane.AwaitingMap = false;
            }

            Map = map;
            _byMapIndex = lanes;
            _snapshot = _all.ToArray();
            return retired;
        }

        /// <summary>Drops a drained retired lane; its children stop waiting for it.</summary>
        public void Remove(ShardLane lane)
        {
            lane.Removed = true;
            _all.Remove(lane);
            if (lane.ShardId is not null && _byId.TryGetValue(lane.ShardId, out var registered) && registered == lane)
            {
                _byId.Remove(lane.ShardId);
            }

            _snapshot = _all.ToArray();
        }

        /// <summary>True when the lane predicts a shard of the current map (a result from another shard then means a reshard).</summary>
        public static bool IsCurrent(ShardLane lane) => lane.Shard is not null && !lane.Retired;

        // By key range, not by parent id: a child must also wait for a grandparent the producer knew when the
        // parent in between came and went unseen, and for the unknown lane.
        private void WaitForOlderLanes(ShardLane lane)
        {
            foreach (var older in _all)
            {
                if (older.Draining && older.Overlaps(lane))
                {
                    lane.WaitFor(older);
                }
            }
        }
    }
}
