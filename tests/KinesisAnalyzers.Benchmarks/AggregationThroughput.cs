using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>
/// User records per second and allocated bytes per record, on the same records (unique 36-character keys,
/// 100-byte payloads), for: the bare "hash the key, append to a per-shard list" loop (the baseline), KinesisProducer
/// with aggregation from AddAsync to a transport that answers at once (1 and 4 writers), and aws-kinesis-agg's
/// aggregate() in node (no shard prediction), started here. Prints one key=value line per scenario.
/// </summary>
internal static class AggregationThroughput
{
    private const int Shards = 16;
    private const int DataBytes = 100;
    private const int WarmupRounds = 3;

    public static async Task RunAsync(int records, int rounds)
    {
        var keys = Enumerable.Range(0, records).Select(i => new Guid(MD5.HashData(BitConverter.GetBytes(i))).ToString()).ToArray();
        var data = new byte[DataBytes];
        new Random(7).NextBytes(data);

        Baseline(keys.Take(20_000).ToArray()); // warm-up (JIT)
        var baseline = Measure(rounds, () => Baseline(keys));
        var single = await MeasureProducerAsync(keys, data, writers: 1, rounds);
        var four = await MeasureProducerAsync(keys, data, writers: 4, rounds);
        Print("baseline_hash_append", records, baseline, baseline.RecordsPerSecond);
        Print("producer_aggregated_1_writer", records, single, baseline.RecordsPerSecond);
        Print("producer_aggregated_4_writers", records, four, baseline.RecordsPerSecond);
        AwsKinesisAgg(keys, data, rounds, baseline.RecordsPerSecond);
    }

    private static void Print(string scenario, int records, Result result, double baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench=aggregation scenario={scenario} records={records} record_bytes={DataBytes} records_per_s={result.RecordsPerSecond:F0} vs_baseline={result.RecordsPerSecond / baseline:F2} allocated_bytes_per_record={result.BytesPerRecord:F1} cpu_us_per_record={result.CpuMicrosecondsPerRecord:F2}"));

    /// <summary>The median round's speed, and the allocations of that round per record (every thread counted).</summary>
    private static Result Measure(int rounds, Func<int> run)
    {
        var results = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            // Finalizers and pool trimming that a collection triggers run on their own thread: let them finish first.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = CpuTime();
            var stopwatch = Stopwatch.StartNew();
            var count = run();
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpuMicroseconds = (CpuTime() - cpu).TotalMicroseconds;
            results.Add(new Result(count / seconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count, cpuMicroseconds / count));
        }

        return results.OrderBy(r => r.RecordsPerSecond).ElementAt(results.Count / 2);
    }

    /// <summary>The least a shard-aware aggregator does per record: hash the key to find its shard, keep the record there.</summary>
    private static int Baseline(string[] keys)
    {
        var lists = Enumerable.Range(0, Shards).Select(_ => new List<string>(keys.Length / Shards * 2)).ToArray();
        Span<byte> utf8 = stackalloc byte[256 * 3];
        Span<byte> digest = stackalloc byte[16];
        foreach (var key in keys)
        {
            var length = Encoding.UTF8.GetBytes(key, utf8);
            MD5.HashData(utf8[..length], digest);
            lists[digest[0] * Shards / 256].Add(key);
        }

        return keys.Length;
    }

    /// <summary>
    /// One producer for every round, as a service keeps one: warm-up rounds first (tiered JIT settles, buffers and recycled
    /// records reach their steady size), then the measured rounds, each from the first AddAsync to the end of FlushAsync.
    /// </summary>
    private static async Task<Result> MeasureProducerAsync(string[] keys, byte[] data, int writers, int rounds)
    {
        var transport = new InstantTransport();
        var options = new KinesisProducerOptions { RateLimitPercent = 10_000, MaximumBufferedBytes = 256L * 1024 * 1024 };
        await using var producer = new KinesisProducer(transport, "bench", options);
        for (var warmup = 0; warmup < WarmupRounds; warmup++)
        {
            await RoundAsync(producer, keys, data, writers);
        }

        return Measure(rounds, () => RoundAsync(producer, keys, data, writers).GetAwaiter().GetResult());
    }

    private static async Task<int> RoundAsync(KinesisProducer producer, string[] keys, byte[] data, int writers)
    {
        var slice = (keys.Length + writers - 1) / writers;
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var end = Math.Min(keys.Length, (w + 1) * slice);
            for (var i = w * slice; i < end; i++)
            {
                await producer.AddAsync(keys[i], data);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        await producer.FlushAsync(); // throws if any record failed
        if (producer.BufferedRecordCount != 0)
        {
            throw new InvalidOperationException("Records are left after the flush.");
        }

        return keys.Length;
    }

    /// <summary>Runs aws-kinesis-agg's aggregate() on the same records in node, or says why it cannot.</summary>
    private static void AwsKinesisAgg(string[] keys, byte[] data, int rounds, double baseline)
    {
        var interop = FindInterop();
        if (interop is null || !Directory.Exists(Path.Combine(interop, "node_modules", "aws-kinesis-agg")))
        {
            Console.WriteLine("bench=aggregation scenario=aws_kinesis_agg skipped=true reason=\"tests/interop/node_modules/aws-kinesis-agg missing: run npm ci in tests/interop\"");
            return;
        }

        var work = Directory.CreateTempSubdirectory("kinesis-agg-bench");
        try
        {
            var keysFile = Path.Combine(work.FullName, "keys.txt");
            File.WriteAllLines(keysFile, keys);
            var script = Path.Combine(work.FullName, "bench.cjs");
            File.WriteAllText(script, NodeScript);
            var start = new ProcessStartInfo("node", new[] { script, Path.Combine(interop, "node_modules", "aws-kinesis-agg"), keysFile, Convert.ToBase64String(data), rounds.ToString(CultureInfo.InvariantCulture) })
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEnd();
            var error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0 || !double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
            {
                Console.WriteLine($"bench=aggregation scenario=aws_kinesis_agg skipped=true reason=\"node failed: {error.Split('\n')[0]}\"");
                return;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench=aggregation scenario=aws_kinesis_agg records={keys.Length} record_bytes={DataBytes} records_per_s={perSecond:F0} vs_baseline={perSecond / baseline:F2} allocated_bytes_per_record=n/a"));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("bench=aggregation scenario=aws_kinesis_agg skipped=true reason=\"node is not installed\"");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string? FindInterop()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // Median of the rounds, each aggregate() over every record until its completion callback.
    private const string NodeScript = """
        const agg = require(process.argv[2]);
        const fs = require('fs');
        const keys = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter((k) => k.length > 0);
        const data = Buffer.from(process.argv[4], 'base64');
        const rounds = Number(process.argv[5]);
        const records = keys.map((partitionKey) => ({ partitionKey, data }));
        function once() {
          return new Promise((resolve, reject) => {
            let count = 0;
            const start = process.hrtime.bigint();
            agg.aggregate(records, (encoded, done) => { count++; done(); },
              () => resolve(Number(process.hrtime.bigint() - start) / 1e9), reject);
          });
        }
        (async () => {
          await once(); // warm-up
          const times = [];
          for (let i = 0; i < rounds; i++) times.push(await once());
          times.sort((a, b) => a - b);
          console.log(records.length / times[Math.floor(times.length / 2)]);
        })().catch((e) => { console.error(String(e)); process.exit(1); });
        """;

    /// <summary>CPU time of the whole process (every thread), which a busy machine disturbs less than elapsed time.</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private readonly record struct Result(double RecordsPerSecond, double BytesPerRecord, double CpuMicrosecondsPerRecord);

    /// <summary>Accepts every entry at once and answers with the shard that owns its hash key, as Kinesis would.</summary>
    private sealed class InstantTransport : IKinesisTransport
    {
        private static readonly BigInteger Space = BigInteger.Pow(2, 128);
        private static readonly TransportShard[] ShardList = Enumerable.Range(0, Shards).Select(i => new TransportShard(
            $"shardId-{i:D12}",
            (Space * i / Shards).ToString(CultureInfo.InvariantCulture),
            ((Space * (i + 1) / Shards) - 1).ToString(CultureInfo.InvariantCulture))).ToArray();

        private long _sequence;

        public Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            var results = new TransportRecordResult[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var hash = record.ExplicitHashKey is { } ehk
                    ? BigInteger.Parse(ehk, CultureInfo.InvariantCulture)
                    : new BigInteger(MD5.HashData(Encoding.UTF8.GetBytes(record.PartitionKey)), isUnsigned: true, isBigEndian: true);
                var shard = (int)(hash * Shards / Space);
                results[i] = TransportRecordResult.Success(Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture), ShardList[shard].ShardId);
            }

            return Task.FromResult(new TransportPutResult(results));
        }

        public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            Task.FromResult(new TransportShardPage(ShardList, null));
    }
}
