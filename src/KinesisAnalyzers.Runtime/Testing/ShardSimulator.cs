using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// An in-memory Kinesis data stream that enforces the service's write limits, behind <see cref="IKinesisTransport"/>,
    /// so tests see throttling, refusals, reshards and faults that local Kinesis servers never produce. Use it with
    /// <c>new KinesisProducer(simulator, simulator.StreamName, options)</c> or with your own code written against
    /// <see cref="IKinesisTransport"/>, then check <see cref="Delivered"/> to prove what arrived, and on which shard.
    /// </summary>
    /// <remarks>
    /// <para>What it models:</para>
    /// <list type="bullet">
    /// <item><description>N shards splitting the 128-bit hash key range evenly; records routed by the MD5 of the partition
    /// key read as a big-endian unsigned integer, or by the explicit hash key.</description></item>
    /// <item><description>Per shard, exactly 1 MiB/s (data plus UTF-8 partition key) and 1,000 records/s as two token
    /// buckets with one second of burst (see <see cref="SimulatedShard"/>). An entry over the limit fails alone with the
    /// per-entry error code <c>ProvisionedThroughputExceededException</c>; the others in the request are written.</description></item>
    /// <item><description>Request validation as the service answers it (<see cref="KinesisTransportException"/>, HTTP 400):
    /// 1 to 500 entries, partition keys of 1 to 256 characters, explicit hash keys <c>0|([1-9]\d{0,38})</c> up to
    /// 2^128-1 (<c>ValidationException</c>, every violation listed); records up to <see cref="MaxRecordBytes"/> and
    /// requests up to <see cref="MaxRequestBytes"/> (<c>InvalidArgumentException</c> when only the data plus key
    /// is over); an unknown stream (<c>ResourceNotFoundException</c>). A refused request writes nothing.</description></item>
    /// <item><description>ListShards of the open shards, paged by <see cref="ListShardsPageSize"/>; split and merge while
    /// running (<see cref="SplitShard(string)"/>, <see cref="MergeShards"/>): closed parents stop taking writes at once.</description></item>
    /// <item><description>Faults: queued per call (<see cref="InjectFaults"/>, <see cref="FaultSchedule"/>), per entry
    /// (<see cref="EntryError"/>), or at random rates from a seeded source (<see cref="RandomFaults"/>); a fixed
    /// <see cref="Latency"/>; <see cref="Pause"/> and <see cref="Resume"/>.</description></item>
    /// <item><description>A log of everything written: <see cref="KinesisRecords"/> as sent, and <see cref="Delivered"/>
    /// with KPL aggregated records unpacked by <see cref="KinesisDeaggregator"/>, flagging user records that an
    /// aggregated record carried to a shard that does not own them (<see cref="DeliveredRecord.IsMisplaced"/>).</description></item>
    /// </list>
    /// <para>Time: the shard limits read the clock given to the constructor (a <see cref="ManualClock"/> makes them
    /// deterministic); latencies are real delays. Sequence numbers increase across the stream in write order.
    /// Not modelled: reads (GetRecords), on-demand capacity, encryption, the account-level control-plane limits.</para>
    /// <para>Every member is thread-safe; PutRecords calls are processed one at a time, in the order they reach the lock.</para>
    /// </remarks>
    public sealed class ShardSimulator : IKinesisTransport
    {
        /// <summary>The write limit of a shard in bytes per second (1 MiB): data plus UTF-8 partition key.</summary>
        public const int ShardBytesPerSecond = 1024 * 1024;

        /// <summary>The write limit of a shard in records per second.</summary>
        public const int ShardRecordsPerSecond = 1000;

        /// <summary>The most entries a PutRecords request holds.</summary>
        public const int MaxEntriesPerRequest = KinesisLimits.MaxRecordsPerRequest;

        /// <summary>The longest partition key, in characters.</summary>
        public const int MaxPartitionKeyLength = KinesisLimits.MaxPartitionKeyLength;

        /// <summary>The default record size limit (1 MiB): data plus UTF-8 partition key.</summary>
        public const int DefaultMaxRecordBytes = KinesisLimits.DefaultMaxRecordBytes;

        /// <summary>The largest record size limit a stream can opt in to (10 MiB).</summary>
        public const int LargestMaxRecordBytes = KinesisLimits.LargestMaxRecordBytes;

        /// <summary>The default PutRecords request size limit (5 MiB).</summary>
        public const int DefaultMaxRequestBytes = KinesisLimits.DefaultMaxRequestBytes;

        /// <summary>The request size limit of a stream that accepts large records (10 MiB).</summary>
        public const int LargestMaxRequestBytes = KinesisLimits.LargestMaxRecordBytes;

        private static readonly BigInteger MaxHashKey = (BigInteger.One << 128) - 1;

        private readonly object _lock = new object();
        private readonly Func<TimeSpan> _clock;
        private readonly List<SimulatedShard> _shards = new List<SimulatedShard>();
        private readonly List<StoredRecord> _records = new List<StoredRecord>();
        private readonly List<DeliveredRecord> _delivered = new List<DeliveredRecord>();
        private readonly Queue<SimulatedFault> _faults = new Queue<SimulatedFault>();
        private TaskCompletionSource<bool> _resume = CompletedGate();
        private int _maxRecordBytes = DefaultMaxRecordBytes;
        private int _maxRequestBytes = DefaultMaxRequestBytes;
        private int _listShardsPageSize = 100;
        private TimeSpan _latency;
        private long _nextSequence = 1;
        private int _nextShardNumber;
        private int _putRecordsCalls;
        private int _listShardsCalls;
        private int _invalidRequests;
        private int _malformedAggregatedRecords;

        /// <summary>Creates a stream of <paramref name="shardCount"/> open shards splitting the hash key range evenly.</summary>
        /// <param name="shardCount">The number of shards, at least 1.</param>
        /// <param name="streamName">The stream's name; by default a unique one, so metrics of tests running in parallel do not mix.</param>
        /// <param name="clock">The time the shard limits read, e.g. <c>() =&gt; manualClock.Now</c>; a monotonic real clock by default.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1.</exception>
        public ShardSimulator(int shardCount, string? streamName = null, Func<TimeSpan>? clock = null)
        {
            if (shardCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "A stream has at least one shard.");
            }

            StreamName = streamName ?? "simulated-stream-" + Guid.NewGuid().ToString("N");
            if (clock is null)
            {
                var stopwatch = Stopwatch.StartNew();
                clock = () => stopwatch.Elapsed;
            }

            _clock = clock;
            var width = (MaxHashKey + 1) / shardCount;
            for (var i = 0; i < shardCount; i++)
            {
                var start = width * i;
                var end = i == shardCount - 1 ? MaxHashKey : start + width - 1;
                _shards.Add(NewShard(start, end, null, null));
            }
        }

        /// <summary>The stream's name. Requests for any other stream fail with <c>ResourceNotFoundException</c>.</summary>
        public string StreamName { get; }

        /// <summary>False to write every entry regardless of the shard limits (still counted per shard). True by default.</summary>
        public bool EnforceLimits { get; set; } = true;

        /// <summary>
        /// The stream's record size limit in bytes, data plus UTF-8 partition key: 1 MiB by default, up to 10 MiB for a stream
        /// that opted in to large records (which also lets each shard burst up to this many bytes, see <see cref="SimulatedShard"/>).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Set outside 1 MiB to 10 MiB.</exception>
        public int MaxRecordBytes
        {
            get => Volatile.Read(ref _maxRecordBytes);
            set => Volatile.Write(ref _maxRecordBytes, value >= DefaultMaxRecordBytes && value <= LargestMaxRecordBytes
                ? value
                : throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), value, "A stream's record size limit is 1 MiB to 10 MiB."));
        }

        /// <summary>The PutRecords request size limit in bytes: 5 MiB by default, 10 MiB on streams with large records.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Set outside 1 MiB to 10 MiB.</exception>
        public int MaxRequestBytes
        {
            get => Volatile.Read(ref _maxRequestBytes);
            set => Volatile.Write(ref _maxRequestBytes, value >= DefaultMaxRecordBytes && value <= LargestMaxRequestBytes
                ? value
                : throw new ArgumentOutOfRangeException(nameof(MaxRequestBytes), value, "A request size limit is 1 MiB to 10 MiB."));
        }

        /// <summary>How many shards one ListShards page holds (100 by default).</summary>
        /// <exception cref="ArgumentOutOfRangeException">Set below 1 or above 10,000.</exception>
        public int ListShardsPageSize
        {
            get => Volatile.Read(ref _listShardsPageSize);
            set => Volatile.Write(ref _listShardsPageSize, value >= 1 && value <= 10000
                ? value
                : throw new ArgumentOutOfRangeException(nameof(ListShardsPageSize), value, "A page holds 1 to 10,000 shards."));
        }

        /// <summary>A real delay before each PutRecords call is processed (zero by default); it honours the call's token.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Set negative or above about 24 days.</exception>
        public TimeSpan Latency
        {
            get
            {
                lock (_lock)
                {
                    return _latency;
                }
            }

            set
            {
                if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(Latency), value, "The latency must be between zero and about 24 days.");
                }

                lock (_lock)
                {
                    _latency = value;
                }
            }
        }

        /// <summary>Faults injected at random rates from a seeded source, or null (the default) for none.</summary>
        public RandomFaults? RandomFaults { get; set; }

        /// <summary>Picks a fault for PutRecords call number n (1-based) once the faults queued by <see cref="InjectFaults"/> are used up; null for none.</summary>
        public Func<int, SimulatedFault?>? FaultSchedule { get; set; }

        /// <summary>
        /// Returns an error code to fail one entry with (it is not written), or null to process it normally. Called for each
        /// entry of a valid request before the shard limits apply, e.g. <c>r =&gt; r.PartitionKey == "bad" ? "AccessDeniedException" : null</c>.
        /// </summary>
        public Func<TransportRecord, string?>? EntryError { get; set; }

        /// <summary>Thrown by every ListShards call while set.</summary>
        public Exception? ListShardsException { get; set; }

        /// <summary>PutRecords calls received, including refused and faulty ones.</summary>
        public int PutRecordsCalls => Volatile.Read(ref _putRecordsCalls);

        /// <summary>ListShards calls received.</summary>
        public int ListShardsCalls => Volatile.Read(ref _listShardsCalls);

        /// <summary>Requests refused whole by validation (for a producer, a bug whenever it is not zero).</summary>
        public int InvalidRequests => Volatile.Read(ref _invalidRequests);

        /// <summary>
        /// Written records with the KPL magic and a valid MD5 whose content <see cref="KinesisDeaggregator"/> could not read.
        /// They are in <see cref="KinesisRecords"/> but deliver nothing: a consumer would fail on them.
        /// </summary>
        public int MalformedAggregatedRecords => Volatile.Read(ref _malformedAggregatedRecords);

        /// <summary>Entries refused with ProvisionedThroughputExceededException, over all shards.</summary>
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

        /// <summary>Every shard ever created, open or closed, in creation order.</summary>
        public IReadOnlyList<SimulatedShard> Shards
        {
            get
            {
                lock (_lock)
                {
                    return _shards.ToArray();
                }
            }
        }

        /// <summary>The shards taking writes now, in creation order.</summary>
        public IReadOnlyList<SimulatedShard> OpenShards
        {
            get
            {
                lock (_lock)
                {
                    return _shards.Where(s => s.IsOpen).ToArray();
                }
            }
        }

        /// <summary>Every Kinesis record (PutRecords entry) written, in write order, as it was sent.</summary>
        public IReadOnlyList<StoredRecord> KinesisRecords
        {
            get
            {
                lock (_lock)
                {
                    return _records.ToArray();
                }
            }
        }

        /// <summary>Every user record written, aggregated records unpacked, in write order. A copy taken under the lock.</summary>
        public IReadOnlyList<DeliveredRecord> Delivered
        {
            get
            {
                lock (_lock)
                {
                    return _delivered.ToArray();
                }
            }
        }

        /// <summary>How many user records were written so far (the length of <see cref="Delivered"/>, without copying it).</summary>
        public int DeliveredCount
        {
            get
            {
                lock (_lock)
                {
                    return _delivered.Count;
                }
            }
        }

        /// <summary>The hash key Kinesis routes a record by: the MD5 of the UTF-8 partition key as a big-endian unsigned integer, or the explicit hash key.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="partitionKey"/> is null.</exception>
        /// <exception cref="FormatException"><paramref name="explicitHashKey"/> is not a decimal integer.</exception>
        public static BigInteger HashOf(string partitionKey, string? explicitHashKey)
        {
            _ = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
            return explicitHashKey is not null
                ? BigInteger.Parse(explicitHashKey, NumberStyles.None, CultureInfo.InvariantCulture)
                : SimulatorHashKey.Of(partitionKey, null).ToBigInteger();
        }

        /// <summary>Queues faults for the next PutRecords calls, one per call, in order (before <see cref="FaultSchedule"/> is asked).</summary>
        public void InjectFaults(params SimulatedFault[] faults)
        {
            _ = faults ?? throw new ArgumentNullException(nameof(faults));
            lock (_lock)
            {
                foreach (var fault in faults)
                {
                    _faults.Enqueue(fault ?? throw new ArgumentException("A fault cannot be null.", nameof(faults)));
                }
            }
        }

        /// <summary>Holds PutRecords calls (each honouring its token) until <see cref="Resume"/>; calls already past the gate finish.</summary>
        public void Pause()
        {
            lock (_lock)
            {
                if (_resume.Task.IsCompleted)
                {
                    _resume = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        /// <summary>Lets the calls held by <see cref="Pause"/> go on.</summary>
        public void Resume()
        {
            lock (_lock)
            {
                _resume.TrySetResult(true);
            }
        }

        /// <summary>The open shard that owns <paramref name="hashKey"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="hashKey"/> is outside 0..2^128-1.</exception>
        public SimulatedShard ShardFor(BigInteger hashKey)
        {
            if (hashKey.Sign < 0 || hashKey > MaxHashKey)
            {
                throw new ArgumentOutOfRangeException(nameof(hashKey), "A hash key is in 0..2^128-1.");
            }

            lock (_lock)
            {
                return OpenShardFor(SimulatorHashKey.From(hashKey));
            }
        }

        /// <summary>Splits an open shard at the middle of its range into two new open shards; the parent closes.</summary>
        /// <returns>The ids of the child owning the lower half and of the child owning the upper half.</returns>
        /// <exception cref="InvalidOperationException">No open shard has that id, or its range holds a single hash key.</exception>
        public (string Low, string High) SplitShard(string shardId)
        {
            lock (_lock)
            {
                var parent = OpenShard(shardId);
                if (parent.StartingHashKey == parent.EndingHashKey)
                {
                    throw new InvalidOperationException($"Shard {shardId} owns a single hash key and cannot be split.");
                }

                return SplitShard(shardId, parent.StartingHashKey + ((parent.EndingHashKey - parent.StartingHashKey) / 2) + 1);
            }
        }

        /// <summary>
        /// Splits an open shard as Kinesis' SplitShard does: the first child owns the parent's range below
        /// <paramref name="newStartingHashKey"/>, the second the rest; the parent closes.
        /// </summary>
        /// <returns>The ids of the lower and the upper child.</returns>
        /// <exception cref="InvalidOperationException">No open shard has that id.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="newStartingHashKey"/> is not inside the shard's range, above its first key.</exception>
        public (string Low, string High) SplitShard(string shardId, BigInteger newStartingHashKey)
        {
            lock (_lock)
            {
                var parent = OpenShard(shardId);
                if (newStartingHashKey <= parent.StartingHashKey || newStartingHashKey > parent.EndingHashKey)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(newStartingHashKey), $"The new starting hash key must be above {parent.StartingHashKey} and at most {parent.EndingHashKey}.");
                }

                parent.Close();
                var low = NewShard(parent.StartingHashKey, newStartingHashKey - 1, parent.ShardId, null);
                var high = NewShard(newStartingHashKey, parent.EndingHashKey, parent.ShardId, null);
                _shards.Add(low);
                _shards.Add(high);
                return (low.ShardId, high.ShardId);
            }
        }

        /// <summary>Merges two open shards with adjacent ranges into a new open shard; both parents close.</summary>
        /// <returns>The new shard's id.</returns>
        /// <exception cref="InvalidOperationException">A shard is not open, or the two ranges are not adjacent.</exception>
        public string MergeShards(string shardId, string adjacentShardId)
        {
            lock (_lock)
            {
                var a = OpenShard(shardId);
                var b = OpenShard(adjacentShardId);
                var (low, high) = a.StartingHashKey < b.StartingHashKey ? (a, b) : (b, a);
                if (low.EndingHashKey + 1 != high.StartingHashKey)
                {
                    throw new InvalidOperationException($"Shards {shardId} and {adjacentShardId} are not adjacent.");
                }

                a.Close();
                b.Close();
                var child = NewShard(low.StartingHashKey, high.EndingHashKey, a.ShardId, b.ShardId);
                _shards.Add(child);
                return child.ShardId;
            }
        }

        /// <summary>
        /// Writes a PutRecords request: validates it whole, then writes each entry to the open shard owning its hash key
        /// unless that shard is over its limits (the entry then fails with ProvisionedThroughputExceededException).
        /// Injected faults apply before or after the write as each describes.
        /// </summary>
        /// <exception cref="KinesisTransportException">The request was refused (validation, unknown stream) or an injected service error.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the call waited.</exception>
        public async Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            SimulatedFault? fault;
            RandomFaults.CallFaults random;
            Task resume;
            TimeSpan latency;
            lock (_lock)
            {
                var call = ++_putRecordsCalls;
                fault = _faults.Count > 0 ? _faults.Dequeue() : FaultSchedule?.Invoke(call);
                random = RandomFaults?.DrawCall() ?? default;
                resume = _resume.Task;
                latency = _latency + random.Latency;
            }

            // Always answer asynchronously, as a network call does.
            await Task.Yield();
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
            }

            await WaitAsync(resume, cancellationToken).ConfigureAwait(false);
            switch (fault?.Kind)
            {
                case FaultKind.Throw:
                    throw fault.Exception!;
                case FaultKind.Hang:
                    await new TaskCompletionSource<bool>().Task.ConfigureAwait(false);
                    break;
                case FaultKind.HangUntilCancelled:
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    break;
                case FaultKind.EmptyEntries:
                    return new TransportPutResult(records.Select(_ => new TransportRecordResult(null, null, null, null)).ToList());
            }

            if (random.ConnectionReset)
            {
                throw new IOException("Connection reset by peer (simulated).");
            }

            if (random.ServerError)
            {
                throw random.ServerStatus == 503
                    ? new KinesisTransportException("Service unavailable (simulated).", "ServiceUnavailable", 503)
                    : new KinesisTransportException("Internal service failure (simulated).", KinesisErrors.InternalFailure, 500);
            }

            var results = Write(streamName, records);
            switch (fault?.Kind)
            {
                case FaultKind.ThrowAfterWrite:
                    throw fault.Exception!;
                case FaultKind.HangAfterWrite:
                    await new TaskCompletionSource<bool>().Task.ConfigureAwait(false);
                    break;
                case FaultKind.ShortResults:
                    return new TransportPutResult(results.Records.Take(fault.ResultsKept).ToList());
            }

            if (random.TimeoutAfterWrite)
            {
                throw new TimeoutException("The request timed out after the records were written (simulated).");
            }

            return results;
        }

        /// <summary>Lists the open shards in shard id order, <see cref="ListShardsPageSize"/> per page.</summary>
        /// <exception cref="KinesisTransportException">An unknown stream, an invalid token, or <see cref="ListShardsException"/> when it is a service error.</exception>
        public async Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                _listShardsCalls++;
                if (ListShardsException is { } exception)
                {
                    throw exception;
                }

                if (!string.Equals(streamName, StreamName, StringComparison.Ordinal))
                {
                    throw NotFound(streamName);
                }

                var open = _shards.Where(s => s.IsOpen).OrderBy(s => s.ShardId, StringComparer.Ordinal).ToList();
                var skip = 0;
                // The token is the number of shards already listed.
                if (nextToken is not null && !int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
                {
                    throw new KinesisTransportException($"Invalid NextToken: {nextToken}", "InvalidArgumentException", 400);
                }

                var page = open.Skip(skip).Take(ListShardsPageSize)
                    .Select(s => new TransportShard(
                        s.ShardId,
                        s.StartingHashKey.ToString(CultureInfo.InvariantCulture),
                        s.EndingHashKey.ToString(CultureInfo.InvariantCulture),
                        s.ParentShardId,
                        s.AdjacentParentShardId))
                    .ToList();
                var next = skip + page.Count < open.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
                return new TransportShardPage(page, next);
            }
        }

        /// <summary>
        /// Reads what the open shards can take now, at one instant: no request is written while it reads, so every
        /// record written afterwards has <see cref="StoredRecord.WrittenAt"/> at or after <see cref="StreamCapacity.At"/>
        /// and counts against it. Benchmarks use it to measure throughput against the true capacity of a window.
        /// </summary>
        public StreamCapacity CaptureCapacity()
        {
            lock (_lock)
            {
                var at = _clock();
                var open = _shards.Where(s => s.IsOpen).ToList();
                return new StreamCapacity(at, open.Count, open.Sum(s => s.AvailableBytes), open.Sum(s => (long)s.AvailableRecords));
            }
        }

        /// <summary>The time on the simulator's clock (the clock given to the constructor).</summary>
        public TimeSpan Now => _clock();

        /// <summary>The byte bucket's capacity of every shard: 1 MiB, or the record size limit when larger.</summary>
        internal long ByteBurst => Math.Max(ShardBytesPerSecond, MaxRecordBytes);

        /// <summary>An entry's size as the limits count it: data plus UTF-8 partition key.</summary>
        internal static int SizeOf(TransportRecord record) => record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);

        private static async Task WaitAsync(Task gate, CancellationToken cancellationToken)
        {
            if (gate.IsCompleted || !cancellationToken.CanBeCanceled)
            {
                await gate.ConfigureAwait(false);
                return;
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
            {
                await (await Task.WhenAny(gate, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        private static TaskCompletionSource<bool> CompletedGate()
        {
            var gate = new TaskCompletionSource<bool>();
            gate.SetResult(true);
            return gate;
        }

        private static KinesisTransportException NotFound(string streamName) =>
            new KinesisTransportException($"Stream {streamName} under account 000000000000 not found.", "ResourceNotFoundException", 400);

        private TransportPutResult Write(string streamName, IReadOnlyList<TransportRecord> records)
        {
            lock (_lock)
            {
                if (!string.Equals(streamName, StreamName, StringComparison.Ordinal))
                {
                    _invalidRequests++;
                    throw NotFound(streamName);
                }

                if (PutRecordsRequestValidator.Check(records, _maxRecordBytes, _maxRequestBytes) is { } refusal)
                {
                    _invalidRequests++;
                    throw refusal;
                }

                var now = _clock();
                var byteBurst = ByteBurst;
                var random = RandomFaults;
                var results = new List<TransportRecordResult>(records.Count);
                foreach (var record in records)
                {
                    var shard = OpenShardFor(SimulatorHashKey.Of(record.PartitionKey, record.ExplicitHashKey));
                    var injectedFailure = random is not null && random.DrawInternalFailure();
                    if (EntryError?.Invoke(record) is { } errorCode)
                    {
                        results.Add(TransportRecordResult.Failure(errorCode, "Injected failure (simulated)."));
                        continue;
                    }

                    if (injectedFailure)
                    {
                        results.Add(TransportRecordResult.Failure(KinesisErrors.InternalFailure, "Internal service failure (simulated)."));
                        continue;
                    }

                    if (!shard.TryAccept(SizeOf(record), byteBurst, now, EnforceLimits))
                    {
                        results.Add(TransportRecordResult.Failure(
                            KinesisErrors.ProvisionedThroughputExceeded,
                            $"Rate exceeded for shard {shard.ShardId} in stream {StreamName} under account 000000000000."));
                        continue;
                    }

                    var sequenceNumber = (_nextSequence++).ToString("D21", CultureInfo.InvariantCulture);
                    Store(shard, sequenceNumber, record, now);
                    results.Add(TransportRecordResult.Success(sequenceNumber, shard.ShardId));
                }

                return new TransportPutResult(results);
            }
        }

        private void Store(SimulatedShard shard, string sequenceNumber, TransportRecord record, TimeSpan now)
        {
            var data = record.Data.ToArray();
            _records.Add(new StoredRecord(shard.ShardId, sequenceNumber, record.PartitionKey, record.ExplicitHashKey, data, now));
            IReadOnlyList<DeaggregatedRecord> users;
            try
            {
                users = KinesisDeaggregator.Deaggregate(data, record.PartitionKey, record.ExplicitHashKey, sequenceNumber);
            }
            catch (InvalidDataException)
            {
                _malformedAggregatedRecords++;
                return;
            }

            foreach (var user in users)
            {
                // A user key the consumer cannot route (a bad explicit hash key) counts as misplaced too.
                var misplaced = user.IsAggregated
                    && !(SimulatorHashKey.TryOf(user.PartitionKey, user.ExplicitHashKey, out var userKey) && shard.Contains(userKey));
                _delivered.Add(new DeliveredRecord(
                    shard.ShardId, sequenceNumber, user.SubSequenceNumber, user.PartitionKey, user.ExplicitHashKey, user.Data.ToArray(), user.IsAggregated, misplaced, now));
            }
        }

        private SimulatedShard OpenShardFor(SimulatorHashKey hashKey)
        {
            foreach (var shard in _shards)
            {
                if (shard.IsOpen && shard.Contains(hashKey))
                {
                    return shard;
                }
            }

            throw new InvalidOperationException("No open shard owns hash key " + hashKey.ToBigInteger().ToString(CultureInfo.InvariantCulture) + ".");
        }

        private SimulatedShard OpenShard(string shardId) =>
            _shards.FirstOrDefault(s => s.IsOpen && string.Equals(s.ShardId, shardId, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No open shard {shardId}.");

        private SimulatedShard NewShard(BigInteger start, BigInteger end, string? parent, string? adjacent) =>
            new SimulatedShard(
                this,
                _lock,
                "shardId-" + (_nextShardNumber++).ToString("D12", CultureInfo.InvariantCulture),
                start,
                end,
                parent,
                adjacent);
    }
}
