using System;
using System.Threading;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// Faults a <see cref="ShardSimulator"/> injects at random rates, from a seeded random source, and how many of each
    /// it injected. Set it with <see cref="ShardSimulator.RandomFaults"/>.
    /// </summary>
    /// <remarks>
    /// Every PutRecords call draws the same numbers in the same order (five per call, then one per entry), whatever
    /// the rates, so one seed and one sequence of calls give the same faults on every run. Calls made concurrently
    /// reach the simulator in an order the test does not control; for exact reproduction send one request at a time.
    /// </remarks>
    /// <example>
    /// <code>
    /// var simulator = new ShardSimulator(4)
    /// {
    ///     RandomFaults = new RandomFaults(seed: 42) { InternalFailureRate = 0.01, TimeoutAfterWriteRate = 0.02 },
    /// };
    /// </code>
    /// </example>
    public sealed class RandomFaults
    {
        private readonly Random _random;
        private double _internalFailureRate;
        private double _serverErrorRate;
        private double _timeoutAfterWriteRate;
        private double _connectionResetRate;
        private double _slowRequestRate;
        private TimeSpan _slowRequestLatency = TimeSpan.FromMilliseconds(200);
        private int _internalFailures;
        private int _serverErrors;
        private int _timeoutsAfterWrite;
        private int _connectionResets;
        private int _slowRequests;

        /// <summary>Creates a fault source whose draws depend only on <paramref name="seed"/> and the calls made.</summary>
        public RandomFaults(int seed)
        {
            Seed = seed;
            _random = new Random(seed);
        }

        /// <summary>The seed the random source was created with.</summary>
        public int Seed { get; }

        /// <summary>
        /// The share of entries (0 to 1) answered with the per-entry error code <c>InternalFailure</c> and not written,
        /// as the service does for an entry that failed inside it while the request succeeded.
        /// </summary>
        public double InternalFailureRate
        {
            get => _internalFailureRate;
            set => _internalFailureRate = CheckRate(value, nameof(InternalFailureRate));
        }

        /// <summary>
        /// The share of calls (0 to 1) that fail whole with a 5xx service error before anything is written: half
        /// <c>InternalFailure</c> (HTTP 500), half <c>ServiceUnavailable</c> (HTTP 503), as <see cref="KinesisTransportException"/>.
        /// </summary>
        public double ServerErrorRate
        {
            get => _serverErrorRate;
            set => _serverErrorRate = CheckRate(value, nameof(ServerErrorRate));
        }

        /// <summary>
        /// The share of calls (0 to 1) that write their records and then throw <see cref="TimeoutException"/>: the
        /// ambiguous failure where the caller cannot know the records arrived, and a retry writes them twice.
        /// </summary>
        public double TimeoutAfterWriteRate
        {
            get => _timeoutAfterWriteRate;
            set => _timeoutAfterWriteRate = CheckRate(value, nameof(TimeoutAfterWriteRate));
        }

        /// <summary>The share of calls (0 to 1) that throw <see cref="System.IO.IOException"/> (connection reset) before anything is written.</summary>
        public double ConnectionResetRate
        {
            get => _connectionResetRate;
            set => _connectionResetRate = CheckRate(value, nameof(ConnectionResetRate));
        }

        /// <summary>The share of calls (0 to 1) delayed by <see cref="SlowRequestLatency"/> before they are processed.</summary>
        public double SlowRequestRate
        {
            get => _slowRequestRate;
            set => _slowRequestRate = CheckRate(value, nameof(SlowRequestRate));
        }

        /// <summary>The delay of a slow call (200 ms by default). A real delay (<see cref="System.Threading.Tasks.Task.Delay(TimeSpan, CancellationToken)"/>), honouring the call's token.</summary>
        public TimeSpan SlowRequestLatency
        {
            get => _slowRequestLatency;
            set => _slowRequestLatency = value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
                ? value
                : throw new ArgumentOutOfRangeException(nameof(SlowRequestLatency), value, "The latency must be between zero and about 24 days.");
        }

        /// <summary>Entries failed with <c>InternalFailure</c> so far.</summary>
        public int InternalFailures => Volatile.Read(ref _internalFailures);

        /// <summary>Calls failed with a 5xx service error so far.</summary>
        public int ServerErrors => Volatile.Read(ref _serverErrors);

        /// <summary>Calls that wrote their records and then timed out so far.</summary>
        public int TimeoutsAfterWrite => Volatile.Read(ref _timeoutsAfterWrite);

        /// <summary>Calls failed with a connection reset so far.</summary>
        public int ConnectionResets => Volatile.Read(ref _connectionResets);

        /// <summary>Calls delayed by <see cref="SlowRequestLatency"/> so far.</summary>
        public int SlowRequests => Volatile.Read(ref _slowRequests);

        /// <summary>Draws the faults of one call. Called under the simulator's lock.</summary>
        internal CallFaults DrawCall()
        {
            // Five draws every time, so the sequence does not depend on which rates are set.
            var reset = _random.NextDouble() < _connectionResetRate;
            var server = _random.NextDouble() < _serverErrorRate;
            var serverStatus = _random.Next(2) == 0 ? 503 : 500;
            var timeout = _random.NextDouble() < _timeoutAfterWriteRate;
            var slow = _random.NextDouble() < _slowRequestRate;
            var faults = new CallFaults(
                reset,
                !reset && server,
                serverStatus,
                !reset && !server && timeout,
                slow ? _slowRequestLatency : TimeSpan.Zero);
            Count(ref _connectionResets, faults.ConnectionReset);
            Count(ref _serverErrors, faults.ServerError);
            Count(ref _timeoutsAfterWrite, faults.TimeoutAfterWrite);
            Count(ref _slowRequests, slow);
            return faults;
        }

        /// <summary>Draws whether one entry fails with InternalFailure. Called under the simulator's lock.</summary>
        internal bool DrawInternalFailure()
        {
            var failed = _random.NextDouble() < _internalFailureRate;
            Count(ref _internalFailures, failed);
            return failed;
        }

        private static void Count(ref int counter, bool happened)
        {
            if (happened)
            {
                Interlocked.Increment(ref counter);
            }
        }

        private static double CheckRate(double value, string name) =>
            value >= 0 && value <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "A rate is between 0 and 1.");

        /// <summary>What one call suffers.</summary>
        internal readonly struct CallFaults
        {
            public CallFaults(bool connectionReset, bool serverError, int serverStatus, bool timeoutAfterWrite, TimeSpan latency)
            {
                ConnectionReset = connectionReset;
                ServerError = serverError;
                ServerStatus = serverStatus;
                TimeoutAfterWrite = timeoutAfterWrite;
                Latency = latency;
            }

            public bool ConnectionReset { get; }

            public bool ServerError { get; }

            public int ServerStatus { get; }

            public bool TimeoutAfterWrite { get; }

            public TimeSpan Latency { get; }
        }
    }
}
