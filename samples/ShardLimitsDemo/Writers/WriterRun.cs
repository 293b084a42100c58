using System.Diagnostics;
using KinesisAnalyzers.Runtime.Testing;

namespace ShardLimitsDemo.Writers;

/// <summary>What one writer achieved against the simulated stream.</summary>
/// <param name="RecordsPerSecond">Distinct user records written per second in the measured window (after the warm-up).</param>
/// <param name="MiBPerSecond">Their payload in MiB per second.</param>
/// <param name="PercentOfByteLimit">
/// Bytes the shards took in the window (data plus key of each Kinesis record) against the most they could take: 1 MiB/s
/// each over the window, plus what their buckets still held when it began (the burst left over from the warm-up).
/// </param>
/// <param name="PercentOfRecordLimit">Kinesis records the shards took in the window against the most they could take (1,000/s each, plus the burst left).</param>
/// <param name="Throttles">Entries refused with ProvisionedThroughputExceededException over the whole run.</param>
/// <param name="Lost">Records handed to the writer that never arrived, counted from the simulator's log.</param>
/// <param name="Duplicates">Arrivals beyond the first of a record.</param>
public sealed record RunResult(
    string Scenario, int RecordBytes, int Shards, double RecordsPerSecond, double MiBPerSecond, double PercentOfByteLimit,
    double PercentOfRecordLimit, long Throttles, long Offered, long Lost, long Duplicates, long GaveUp);

/// <summary>
/// Runs one writer against a fresh simulated stream: it offers records for a while, then finishes what it holds;
/// rates are measured after a warm-up (once the shards' one second of burst is spent), losses over everything offered.
/// </summary>
public sealed class WriterRun
{
    private const double MiB = 1024 * 1024;

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="shards">Shards of the simulated stream.</param>
    /// <param name="latency">The simulated round trip of each request.</param>
    public WriterRun(int shards, TimeSpan latency)
    {
        Simulator = new ShardSimulator(shards, clock: () => _clock.Elapsed) { Latency = latency };
    }

    public ShardSimulator Simulator { get; }

    /// <summary>Time since the run was created, on the simulator's clock.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public async Task<RunResult> RunAsync(IRecordWriter writer, RecordSource source, TimeSpan duration, TimeSpan warmUp)
    {
        using var stop = new CancellationTokenSource();
        var offering = Task.Delay(duration);
        // On the thread pool: a writer whose calls complete synchronously (a buffer with room) would otherwise run here.
        var writing = Task.Run(() => writer.RunAsync(Simulator, Simulator.StreamName, source, stop.Token));
        await Task.WhenAny(writing, Task.Delay(warmUp));

        // The window starts after the warm-up; whatever the shards can still burst then counts as capacity in it.
        var start = Simulator.CaptureCapacity();
        await Task.WhenAny(writing, offering);
        var to = Simulator.Now;
        await stop.CancelAsync();
        var gaveUp = await writing;
        return Measure(writer.Name, source, start, to, gaveUp);
    }

    private RunResult Measure(string scenario, RecordSource source, StreamCapacity start, TimeSpan to, long gaveUp)
    {
        var from = start.At;
        var window = (to - from).TotalSeconds;
        var shards = start.OpenShards;
        var seen = new HashSet<long>();
        long firstArrivalsInWindow = 0, arrivals = 0;
        foreach (var record in Simulator.Delivered)
        {
            arrivals++;
            if (seen.Add(RecordSource.IdOf(record.Data)) && record.WrittenAt >= from && record.WrittenAt < to)
            {
                firstArrivalsInWindow++;
            }
        }

        long kinesisBytes = 0, kinesisRecords = 0;
        foreach (var record in Simulator.KinesisRecords.Where(r => r.WrittenAt >= from && r.WrittenAt < to))
        {
            kinesisBytes += record.Data.Length + System.Text.Encoding.UTF8.GetByteCount(record.PartitionKey);
            kinesisRecords++;
        }

        var recordsPerSecond = firstArrivalsInWindow / window;
        return new RunResult(
            scenario,
            source.RecordBytes,
            shards,
            recordsPerSecond,
            recordsPerSecond * source.RecordBytes / MiB,
            100 * kinesisBytes / ((shards * ShardSimulator.ShardBytesPerSecond * window) + start.AvailableBytes),
            100 * kinesisRecords / ((shards * ShardSimulator.ShardRecordsPerSecond * window) + start.AvailableRecords),
            Simulator.ThrottledEntries,
            source.Offered,
            source.Offered - seen.Count,
            arrivals - seen.Count,
            gaveUp);
    }
}
