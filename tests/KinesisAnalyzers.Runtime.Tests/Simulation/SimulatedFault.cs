namespace KinesisAnalyzers.Runtime.Tests.Simulation;

/// <summary>What a faulty PutRecords call does.</summary>
public enum FaultKind
{
    /// <summary>Throws before writing anything.</summary>
    Throw,

    /// <summary>Writes the records, then throws (the caller cannot know they were written).</summary>
    ThrowAfterWrite,

    /// <summary>Never completes and ignores the cancellation token.</summary>
    Hang,

    /// <summary>Never completes until the token is cancelled.</summary>
    HangUntilCancelled,

    /// <summary>Writes the records, then never completes (ignoring the token).</summary>
    HangAfterWrite,

    /// <summary>Writes the records but returns results for only some of them.</summary>
    ShortResults,

    /// <summary>Writes nothing and returns one result per entry with neither sequence number nor error code.</summary>
    EmptyEntries,
}

/// <summary>A fault to apply to one PutRecords call.</summary>
public sealed class SimulatedFault
{
    private SimulatedFault(FaultKind kind, Exception? exception, int resultsKept)
    {
        Kind = kind;
        Exception = exception;
        ResultsKept = resultsKept;
    }

    public FaultKind Kind { get; }

    public Exception? Exception { get; }

    /// <summary>For <see cref="FaultKind.ShortResults"/>: how many results come back.</summary>
    public int ResultsKept { get; }

    public static SimulatedFault Throw(Exception exception) => new(FaultKind.Throw, exception, 0);

    public static SimulatedFault ThrowAfterWrite(Exception exception) => new(FaultKind.ThrowAfterWrite, exception, 0);

    public static SimulatedFault Hang() => new(FaultKind.Hang, null, 0);

    public static SimulatedFault HangUntilCancelled() => new(FaultKind.HangUntilCancelled, null, 0);

    public static SimulatedFault HangAfterWrite() => new(FaultKind.HangAfterWrite, null, 0);

    public static SimulatedFault ShortResults(int resultsKept) => new(FaultKind.ShortResults, null, resultsKept);

    public static SimulatedFault EmptyEntries() => new(FaultKind.EmptyEntries, null, 0);

    public override string ToString() => Kind.ToString();
}
