using System;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>What a faulty PutRecords call of a <see cref="ShardSimulator"/> does.</summary>
    public enum FaultKind
    {
        /// <summary>Throws <see cref="SimulatedFault.Exception"/> before writing anything.</summary>
        Throw,

        /// <summary>Writes the records, then throws: the caller cannot know they were written (an ambiguous failure).</summary>
        ThrowAfterWrite,

        /// <summary>Never completes and ignores the cancellation token (a transport without a timeout).</summary>
        Hang,

        /// <summary>Never completes until the cancellation token is cancelled.</summary>
        HangUntilCancelled,

        /// <summary>Writes the records, then never completes, ignoring the token.</summary>
        HangAfterWrite,

        /// <summary>Writes the records but answers for only the first <see cref="SimulatedFault.ResultsKept"/> of them (a malformed answer).</summary>
        ShortResults,

        /// <summary>Writes nothing and answers one result per entry with neither a sequence number nor an error code (a malformed answer).</summary>
        EmptyEntries,
    }

    /// <summary>
    /// A fault for one PutRecords call, queued with <see cref="ShardSimulator.InjectFaults"/> or returned by
    /// <see cref="ShardSimulator.FaultSchedule"/>. For faults at random rates see <see cref="RandomFaults"/>.
    /// </summary>
    public sealed class SimulatedFault
    {
        private SimulatedFault(FaultKind kind, Exception? exception, int resultsKept)
        {
            Kind = kind;
            Exception = exception;
            ResultsKept = resultsKept;
        }

        /// <summary>What the call does.</summary>
        public FaultKind Kind { get; }

        /// <summary>The exception thrown by <see cref="FaultKind.Throw"/> and <see cref="FaultKind.ThrowAfterWrite"/>, else null.</summary>
        public Exception? Exception { get; }

        /// <summary>For <see cref="FaultKind.ShortResults"/>: how many results come back.</summary>
        public int ResultsKept { get; }

        /// <summary>Throws <paramref name="exception"/> before writing anything.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
        public static SimulatedFault Throw(Exception exception) =>
            new SimulatedFault(FaultKind.Throw, exception ?? throw new ArgumentNullException(nameof(exception)), 0);

        /// <summary>Writes the records, then throws <paramref name="exception"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
        public static SimulatedFault ThrowAfterWrite(Exception exception) =>
            new SimulatedFault(FaultKind.ThrowAfterWrite, exception ?? throw new ArgumentNullException(nameof(exception)), 0);

        /// <summary>Never completes, ignoring the cancellation token.</summary>
        public static SimulatedFault Hang() => new SimulatedFault(FaultKind.Hang, null, 0);

        /// <summary>Never completes until the cancellation token is cancelled.</summary>
        public static SimulatedFault HangUntilCancelled() => new SimulatedFault(FaultKind.HangUntilCancelled, null, 0);

        /// <summary>Writes the records, then never completes, ignoring the token.</summary>
        public static SimulatedFault HangAfterWrite() => new SimulatedFault(FaultKind.HangAfterWrite, null, 0);

        /// <summary>Writes the records but answers for only the first <paramref name="resultsKept"/> of them.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="resultsKept"/> is negative.</exception>
        public static SimulatedFault ShortResults(int resultsKept) =>
            resultsKept >= 0
                ? new SimulatedFault(FaultKind.ShortResults, null, resultsKept)
                : throw new ArgumentOutOfRangeException(nameof(resultsKept), resultsKept, "The number of results kept cannot be negative.");

        /// <summary>Writes nothing and answers one empty result (no sequence number, no error code) per entry.</summary>
        public static SimulatedFault EmptyEntries() => new SimulatedFault(FaultKind.EmptyEntries, null, 0);

        /// <inheritdoc />
        public override string ToString() => Exception is null ? Kind.ToString() : Kind + ": " + Exception.GetType().Name;
    }
}
