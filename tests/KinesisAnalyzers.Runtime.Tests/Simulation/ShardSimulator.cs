using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KinesisAnalyzers.Runtime.Tests.Simulation;

/// <summary>A Kinesis record the simulator wrote.</summary>
public sealed record StoredRecord(string ShardId, string SequenceNumber, string PartitionKey, string? ExplicitHashKey, byte[] Data);

/// <summary>A user record taken out of a stored record (deaggregated when it was a KPL aggregated record).</summary>
public sealed record DeliveredRecord(
    string ShardId, string SequenceNumber, long SubSequenceNumber, string PartitionKey, string? ExplicitHashKey, byte[] Data, bool Aggregated, bool Misplaced)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// An in-memory Kinesis stream that enforces the service's write limits, for producer tests:
/// N shards splitting the hash range evenly; per-shard token buckets of exactly 1 MiB/s and 1,000 records/s
/// (per-entry ProvisionedThroughputExceededException when over); PutRecords validation (1..500 entries,
/// record and request sizes, key lengths, explicit hash key format, stream name); ListShards with paging;
/// split and merge; injected faults. It keeps every record it accepted, deaggregated, so tests can count
/// that every user record arrived.
/// </summary>
public sealed class ShardSimulator : IKinesisTransport
{
    public const double ShardBytesPerSecond = 1024 * 1024;
    public const double ShardRecordsPerSecond = 1000;

    private static readonly UInt128 MaxHashKey = UInt128.MaxValue;
    private static readonly Regex HashKeyPattern = new("^(0|[1-9][0-9]{0,38})$", RegexOptions.CultureInvariant);

    private readonly object _lock = new();
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly Func<TimeSpan> _clock;
    private readonly List<SimulatedShard> _shards = new();
    private readonly List<StoredRecord> _records = new();
    private readonly List<DeliveredRecord> _delivered = new();
    private readonly Queue<SimulatedFault> _faults = new();
    private TaskCompletionSource _resume = CompletedGate();
    private long _nextSequence = 1;
    private int _nextShardNumber;

    /// <param name="shardCount">Shards splitting the hash key range evenly.</param>
    /// <param name="streamName">The stream's name; by default a unique one, so metrics of parallel tests do not mix.</param>
    /// <param name="clock">The time source of the shard limits; the real clock by default.</param>
    public ShardSimulator(int shardCount, string? streamName = null, Func<TimeSpan>? clock = null)
    {
        if (shardCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shardCount));
        }

        StreamName = streamName ?? "test-stream-" + Guid.NewGuid().ToString("N");
        _clock = clock ?? (() => _stopwatch.Elapsed);
        var width = MaxHashKey / (UInt128)shardCount;
        for (var i = 0; i < shardCount; i++)
        {
            var start = width * (UInt128)i;
            var end = i == shardCount - 1 ? MaxHashKey : start + width - 1;
            _shards.Add(NewShard(start, end, null, null));
        }
    }

    public string StreamName { get; }

    /// <summary>False to accept every entry regardless of the shard limits.</summary>
    public bool EnforceLimits { get; set; } = true;

    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    public int MaxRequestBytes { get; set; } = 5 * 1024 * 1024;

    public int ListShardsPageSize { get; set; } = 100;

    /// <summary>Delay before each PutRecords call is processed.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Picks a fault for PutRecords call number n (1-based) once the injected faults are used up, or null.</summary>
    public Func<int, SimulatedFault?>? FaultSchedule { get; set; }

    /// <summary>Returns an error code to fail an entry with (before limits are applied), or null.</summary>
    public Func<TransportRecord, string?>? EntryError { get; set; }

    /// <summary>Thrown by the next ListShards calls while set.</summary>
    public Exception? ListShardsException { get; set; }

    public int PutRecordsCalls { get; private set; }

    public int ListShardsCalls { get; private set; }

    /// <summary>Requests refused whole for breaking a limit (a producer bug if ever non-zero).</summary>
    public int InvalidRequests { get; private set; }

    public int ThrottledEntries
    {
        get
        {
            lock (_lock)
            {
                return _shards.Sum(s => s.ThrottledEntries);
            }
        }
    }

    public IReadOnlyList<SimulatedShard> Shards
    {
        get
        {
            lock (_lock)
            {
                return _shards.ToList();
            }
        }
    }

    public IReadOnlyList<SimulatedShard> OpenShards
    {
        get
        {
            lock (_lock)
            {
                return _shards.Where(s => s.Open).ToList();
            }
        }
    }

    public IReadOnlyList<StoredRecord> KinesisRecords
    {
        get
        {
            lock (_lock)
            {
                return _records.ToList();
            }
        }
    }

    /// <summary>Every user record written, in write order.</summary>
    public IReadOnlyList<DeliveredRecord> Delivered
    {
        get
        {
            lock (_lock)
            {
                return _delivered.ToList();
            }
        }
    }

    /// <summary>Applies faults to the next PutRecords calls, one each, in order.</summary>
    public void InjectFaults(params SimulatedFault[] faults)
    {
        lock (_lock)
        {
            foreach (var fault in faults)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>PutRecords calls wait (honouring their token) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (_resume.Task.IsCompleted)
            {
                _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _resume.TrySetResult();
        }
    }

    /// <summary>Splits an open shard at the middle of its range into two children; returns their ids.</summary>
    public (string Low, string High) SplitShard(string shardId)
    {
        lock (_lock)
        {
            var parent = OpenShard(shardId);
            parent.Open = false;
            var middle = parent.Start + ((parent.End - parent.Start) / 2);
            var low = NewShard(parent.Start, middle, parent.ShardId, null);
            var high = NewShard(middle + 1, parent.End, parent.ShardId, null);
            _shards.Add(low);
            _shards.Add(high);
            return (low.ShardId, high.ShardId);
        }
    }

    /// <summary>Merges two open shards with adjacent ranges; returns the child's id.</summary>
    public string MergeShards(string shardId, string adjacentShardId)
    {
        lock (_lock)
        {
            var a = OpenShard(shardId);
            var b = OpenShard(adjacentShardId);
            var (low, high) = a.Start < b.Start ? (a, b) : (b, a);
            if (low.End + 1 != high.Start)
            {
                throw new InvalidOperationException("The shards are not adjacent.");
            }

            a.Open = false;
            b.Open = false;
            var child = NewShard(low.Start, high.End, a.ShardId, b.ShardId);
            _shards.Add(child);
            return child.ShardId;
        }
    }

    /// <summary>The shard Kinesis routes a hash key to.</summary>
    public SimulatedShard ShardFor(UInt128 hashKey)
    {
        lock (_lock)
        {
            return _shards.First(s => s.Open && s.Contains(hashKey));
        }
    }

    public static UInt128 HashOf(string partitionKey, string? explicitHashKey) =>
        explicitHashKey is not null
            ? UInt128.Parse(explicitHashKey, CultureInfo.InvariantCulture)
            : UInt128.CreateTruncating(new BigInteger(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), isUnsigned: true, isBigEndian: true));

    public async Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
    {
        SimulatedFault? fault;
        Task resume;
        lock (_lock)
        {
            PutRecordsCalls++;
            if (!_faults.TryDequeue(out fault))
            {
                fault = FaultSchedule?.Invoke(PutRecordsCalls);
            }

            resume = _resume.Task;
        }

        await Task.Yield();
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        await resume.WaitAsync(cancellationToken);
        switch (fault?.Kind)
        {
            case FaultKind.Throw:
                throw fault.Exception!;
            case FaultKind.Hang:
                await new TaskCompletionSource().Task;
                break;
            case FaultKind.HangUntilCancelled:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case FaultKind.EmptyEntries:
                return new TransportPutResult(records.Select(_ => new TransportRecordResult(null, null, null, null)).ToList());
        }

        var results = Write(streamName, records);
        switch (fault?.Kind)
        {
            case FaultKind.ThrowAfterWrite:
                throw fault.Exception!;
            case FaultKind.HangAfterWrite:
                await new TaskCompletionSource().Task;
                break;
            case FaultKind.ShortResults:
                return new TransportPutResult(results.Records.Take(fault.ResultsKept).ToList());
        }

        return results;
    }

    public async Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_lock)
        {
            ListShardsCalls++;
            if (ListShardsException is { } exception)
            {
                throw exception;
            }

            if (streamName != StreamName)
            {
                throw NotFound(streamName);
            }

            var open = _shards.Where(s => s.Open).OrderBy(s => s.ShardId, StringComparer.Ordinal).ToList();
            var skip = nextToken is null ? 0 : int.Parse(nextToken.Substring("page-".Length), CultureInfo.InvariantCulture);
            var page = open.Skip(skip).Take(ListShardsPageSize)
                .Select(s => new TransportShard(s.ShardId, s.Start.ToString(CultureInfo.InvariantCulture), s.End.ToString(CultureInfo.InvariantCulture), s.ParentShardId, s.AdjacentParentShardId))
                .ToList();
            var next = skip + page.Count < open.Count ? "page-" + (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
            return new TransportShardPage(page, next);
        }
    }

    private TransportPutResult Write(string streamName, IReadOnlyList<TransportRecord> records)
    {
        lock (_lock)
        {
            Validate(streamName, records);
            var now = _clock();
            var results = new List<TransportRecordResult>(records.Count);
            foreach (var record in records)
            {
                var hashKey = HashOf(record.PartitionKey, record.ExplicitHashKey);
                var shard = _shards.First(s => s.Open && s.Contains(hashKey));
                if (EntryError?.Invoke(record) is { } errorCode)
                {
                    results.Add(TransportRecordResult.Failure(errorCode, "Injected failure."));
                    continue;
                }

                var size = record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);
                if (!shard.TryAccept(size, now, EnforceLimits))
                {
                    results.Add(TransportRecordResult.Failure(KinesisErrors.ProvisionedThroughputExceeded, $"Rate exceeded for shard {shard.ShardId} in stream {StreamName}."));
                    continue;
                }

                var sequenceNumber = (_nextSequence++).ToString("D21", CultureInfo.InvariantCulture);
                var data = record.Data.ToArray();
                _records.Add(new StoredRecord(shard.ShardId, sequenceNumber, record.PartitionKey, record.ExplicitHashKey, data));
                foreach (var user in KinesisDeaggregator.Deaggregate(data, record.PartitionKey, record.ExplicitHashKey, sequenceNumber))
                {
                    var misplaced = !shard.Contains(HashOf(user.PartitionKey, user.ExplicitHashKey));
                    _delivered.Add(new DeliveredRecord(shard.ShardId, sequenceNumber, user.SubSequenceNumber, user.PartitionKey, user.ExplicitHashKey, user.Data.ToArray(), user.IsAggregated, misplaced));
                }

                results.Add(TransportRecordResult.Success(sequenceNumber, shard.ShardId));
            }

            return new TransportPutResult(results);
        }
    }

    private void Validate(string streamName, IReadOnlyList<TransportRecord> records)
    {
        if (streamName != StreamName)
        {
            throw NotFound(streamName);
        }

        string? problem = null;
        long total = 0;
        if (records is null || records.Count is < 1 or > 500)
        {
            problem = "A PutRecords request holds 1 to 500 records.";
        }
        else
        {
            foreach (var record in records)
            {
                var size = record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);
                total += size;
                if (record.PartitionKey.Length is < 1 or > 256)
                {
                    problem = "Partition keys have 1 to 256 characters.";
                }
                else if (record.ExplicitHashKey is { } ehk && (!HashKeyPattern.IsMatch(ehk) || !UInt128.TryParse(ehk, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                {
                    problem = "An explicit hash key is a decimal in 0..2^128-1.";
                }
                else if (size > MaxRecordBytes)
                {
                    problem = $"A record holds at most {MaxRecordBytes} bytes.";
                }
            }

            if (problem is null && total > MaxRequestBytes)
            {
                problem = $"A request holds at most {MaxRequestBytes} bytes.";
            }
        }

        if (problem is not null)
        {
            InvalidRequests++;
            throw new KinesisTransportException(problem, "ValidationException", 400);
        }
    }

    private KinesisTransportException NotFound(string streamName) =>
        new($"Stream {streamName} under this account not found.", "ResourceNotFoundException", 400);

    private SimulatedShard OpenShard(string shardId) =>
        _shards.FirstOrDefault(s => s.ShardId == shardId && s.Open) ?? throw new InvalidOperationException($"No open shard {shardId}.");

    private SimulatedShard NewShard(UInt128 start, UInt128 end, string? parent, string? adjacent) =>
        new($"shardId-{_nextShardNumber++:D12}", start, end, parent, adjacent, ShardBytesPerSecond, ShardRecordsPerSecond, _clock());

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
