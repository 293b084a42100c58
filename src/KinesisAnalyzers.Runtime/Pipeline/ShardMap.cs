using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>An open shard and its inclusive hash key range.</summary>
    internal sealed class ShardInfo
    {
        public ShardInfo(string shardId, HashKey start, HashKey end, string? parentShardId, string? adjacentParentShardId)
        {
            ShardId = shardId;
            Start = start;
            End = end;
            ParentShardId = parentShardId;
            AdjacentParentShardId = adjacentParentShardId;
        }

        public string ShardId { get; }

        public HashKey Start { get; }

        public HashKey End { get; }

        public string? ParentShardId { get; }

        public string? AdjacentParentShardId { get; }

        public bool Contains(HashKey key) => key >= Start && key <= End;
    }

    /// <summary>
    /// The stream's open shards sorted by ending hash key: predicting a record's shard is a binary search.
    /// Immutable; a reshard produces a new map.
    /// </summary>
    internal sealed class ShardMap
    {
        private readonly ShardInfo[] _shards;
        private readonly Dictionary<string, int> _indexById;

        private ShardMap(ShardInfo[] shards)
        {
            _shards = shards;
            _indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < shards.Length; i++)
            {
                _indexById[shards[i].ShardId] = i;
            }
        }

        /// <summary>A map with no shard: every prediction fails, records are sent unaggregated.</summary>
        public static ShardMap Empty { get; } = new ShardMap(Array.Empty<ShardInfo>());

        public int Count => _shards.Length;

        public IReadOnlyList<ShardInfo> Shards => _shards;

        /// <summary>
        /// Builds a map from ListShards answers. A shard named as the parent of another listed shard is closed
        /// (a listing without the AT_LATEST filter holds both) and is left out, so ranges never overlap.
        /// </summary>
        /// <exception cref="InvalidDataException">A hash key is not a decimal in range, a range is inverted, or open ranges overlap.</exception>
        public static ShardMap Create(IEnumerable<TransportShard> shards)
        {
            var listed = shards.ToList();
            var parents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var shard in listed)
            {
                if (shard.ParentShardId is not null)
                {
                    parents.Add(shard.ParentShardId);
                }

                if (shard.AdjacentParentShardId is not null)
                {
                    parents.Add(shard.AdjacentParentShardId);
                }
            }

            var open = new List<ShardInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var shard in listed)
            {
                if (parents.Contains(shard.ShardId) || !seen.Add(shard.ShardId))
                {
                    continue;
                }

                var start = ParseKey(shard.StartingHashKey, shard.ShardId);
                var end = ParseKey(shard.EndingHashKey, shard.ShardId);
                if (start > end)
                {
                    throw new InvalidDataException($"Shard {shard.ShardId} has a starting hash key above its ending hash key.");
                }

                open.Add(new ShardInfo(shard.ShardId, start, end, shard.ParentShardId, shard.AdjacentParentShardId));
            }

            var sorted = open.OrderBy(s => s.End).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Start <= sorted[i - 1].End)
                {
                    throw new InvalidDataException($"Shards {sorted[i - 1].ShardId} and {sorted[i].ShardId} have overlapping hash key ranges.");
                }
            }

            return new ShardMap(sorted);
        }

        /// <summary>The shard owning <paramref name="key"/>, or null when no listed shard covers it.</summary>
        public ShardInfo? Find(HashKey key)
        {
            var index = IndexOf(key);
            return index < 0 ? null : _shards[index];
        }

        /// <summary>The position of the shard owning <paramref name="key"/>, or -1.</summary>
        public int IndexOf(HashKey key)
        {
            // The first shard whose ending hash key is at or above the key; it owns the key if it starts at or below it.
            int low = 0, high = _shards.Length - 1;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (_shards[middle].End < key)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low < _shards.Length && _shards[low].Contains(key) ? low : -1;
        }

        public bool Contains(string shardId) => _indexById.ContainsKey(shardId);

        /// <summary>The listed shard with id <paramref name="shardId"/>, or null.</summary>
        public ShardInfo? FindById(string shardId) => _indexById.TryGetValue(shardId, out var index) ? _shards[index] : null;

        private static HashKey ParseKey(string text, string shardId) =>
            HashKey.TryParse(text, out var key) ? key : throw new InvalidDataException($"Shard {shardId} has a hash key that is not a decimal in 0..2^128-1.");
    }
}
