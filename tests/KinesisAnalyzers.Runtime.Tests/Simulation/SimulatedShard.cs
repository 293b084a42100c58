namespace KinesisAnalyzers.Runtime.Tests.Simulation;

/// <summary>
/// One shard of the simulator: its hash range, its write limits as two token buckets refilled continuously
/// (exactly 1 MiB/s and 1,000 records/s, one second of burst), and what it accepted and throttled.
/// Written independently of the runtime's limiter so the two check each other.
/// </summary>
public sealed class SimulatedShard
{
    private double _byteTokens;
    private double _recordTokens;
    private TimeSpan _refilledAt;

    internal SimulatedShard(string shardId, UInt128 start, UInt128 end, string? parentShardId, string? adjacentParentShardId, double bytesPerSecond, double recordsPerSecond, TimeSpan now)
    {
        ShardId = shardId;
        Start = start;
        End = end;
        ParentShardId = parentShardId;
        AdjacentParentShardId = adjacentParentShardId;
        BytesPerSecond = bytesPerSecond;
        RecordsPerSecond = recordsPerSecond;
        _byteTokens = bytesPerSecond;
        _recordTokens = recordsPerSecond;
        _refilledAt = now;
    }

    public string ShardId { get; }

    public UInt128 Start { get; }

    public UInt128 End { get; }

    public string? ParentShardId { get; }

    public string? AdjacentParentShardId { get; }

    public double BytesPerSecond { get; }

    public double RecordsPerSecond { get; }

    public bool Open { get; internal set; } = true;

    /// <summary>Entries written to this shard.</summary>
    public int AcceptedEntries { get; private set; }

    /// <summary>Entries refused with ProvisionedThroughputExceededException.</summary>
    public int ThrottledEntries { get; private set; }

    /// <summary>When each entry was accepted, in order.</summary>
    public List<TimeSpan> AcceptedAt { get; } = new();

    /// <summary>When each entry was throttled, in order.</summary>
    public List<TimeSpan> ThrottledAt { get; } = new();

    public bool Contains(UInt128 hashKey) => hashKey >= Start && hashKey <= End;

    /// <summary>Takes tokens for an entry of <paramref name="bytes"/> bytes, or counts a throttle.</summary>
    internal bool TryAccept(int bytes, TimeSpan now, bool enforceLimits)
    {
        Refill(now);
        if (enforceLimits && (_byteTokens < bytes || _recordTokens < 1))
        {
            ThrottledEntries++;
            ThrottledAt.Add(now);
            return false;
        }

        _byteTokens -= bytes;
        _recordTokens -= 1;
        AcceptedEntries++;
        AcceptedAt.Add(now);
        return true;
    }

    /// <summary>The most entries accepted within any window of <paramref name="window"/>.</summary>
    public int MaxAcceptedWithin(TimeSpan window)
    {
        var max = 0;
        var first = 0;
        for (var last = 0; last < AcceptedAt.Count; last++)
        {
            while (AcceptedAt[last] - AcceptedAt[first] >= window)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }

    private void Refill(TimeSpan now)
    {
        if (now <= _refilledAt)
        {
            return;
        }

        var seconds = (now - _refilledAt).TotalSeconds;
        _byteTokens = Math.Min(BytesPerSecond, _byteTokens + (BytesPerSecond * seconds));
        _recordTokens = Math.Min(RecordsPerSecond, _recordTokens + (RecordsPerSecond * seconds));
        _refilledAt = now;
    }
}
