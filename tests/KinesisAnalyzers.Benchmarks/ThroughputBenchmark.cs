using ShardLimitsDemo.Writers;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>
/// bench=throughput: the demo's three writers (samples/ShardLimitsDemo/Writers: a naive PutRecord loop, a hand-written
/// PutRecords batcher, KinesisProducer) against the runtime's ShardSimulator with 4 shards, for 100-byte and 1 KiB
/// records. Each run offers records for a while on a fresh stream, then lets the writer finish; rates are measured
/// after a warm-up (the shards' one second of burst), lost and duplicated records over the whole run, counted from
/// the simulator's log of what was written. pct_of_limit is of the byte limit (data plus key of every Kinesis record
/// against 4 x 1 MiB/s); pct_of_record_limit of the 4 x 1,000 records/s.
/// </summary>
internal static class ThroughputBenchmark
{
    private const int Shards = 4;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(5);

    public static async Task RunAsync(TimeSpan duration, TimeSpan warmUp)
    {
        IRecordWriter[] writers = [new NaivePutRecordLoop(), new PutRecordsBatcher(), new ProducerWriter()];
        Console.WriteLine(
            $"bench=throughput_setup shards={Shards} latency_ms={Latency.TotalMilliseconds:0} seconds={duration.TotalSeconds:0} " +
            $"warmup_s={warmUp.TotalSeconds:0} cores={Environment.ProcessorCount} load_avg={LoadAverage()}");
        foreach (var recordBytes in new[] { 100, 1024 })
        {
            foreach (var writer in writers)
            {
                GC.Collect();
                var r = await new WriterRun(Shards, Latency).RunAsync(writer, new RecordSource(recordBytes), duration, warmUp);
                Console.WriteLine(
                    $"bench=throughput scenario={r.Scenario} record_bytes={r.RecordBytes} shards={r.Shards} records_per_s={r.RecordsPerSecond:F0} " +
                    $"mib_per_s={r.MiBPerSecond:F3} pct_of_limit={r.PercentOfByteLimit:F1} pct_of_record_limit={r.PercentOfRecordLimit:F1} " +
                    $"throttles={r.Throttles} lost={r.Lost} duplicates={r.Duplicates}");
            }
        }
    }

    // The machine is shared: the 1-minute load average says how much CPU the run had to compete with.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
