using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Benchmarks;

/// <summary>
/// CPU cost of the producer per user record, against a baseline in the same run: a hand-written
/// batcher that hashes each key (MD5) to group records per shard and sends PutRecords of 500, with no
/// validation, aggregation, rate limiting or retry bookkeeping. The transport answers at once, and the
/// rate limit is set far above the shards' limits so only the client's own work is timed. For the
/// producer runs the transport also works out each Kinesis record's shard (an MD5, as the service
/// does), which the baseline's transport skips: the comparison leans against the producer.
/// </summary>
internal static class ProducerThroughput
{
    private const int Shards = 16;
    private const int DataBytes = 100;

    public static async Task RunAsync(int records, int rounds)
    {
        var keys = Enumerable.Range(0, records).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var data = new byte[DataBytes];
        Console.WriteLine($"records={records} data_bytes={DataBytes} key_chars=36 shards={Shards} rounds={rounds}");

        var results = new Dictionary<string, List<double>> { ["baseline"] = new(), ["aggregated"] = new(), ["unaggregated"] = new() };
        var counts = new Dictionary<string, InstantTransport>();
        await BaselineAsync(keys.Take(10_000).ToArray(), data); // warm-up (JIT)
        await ProducerAsync(keys.Take(10_000).ToArray(), data, aggregation: true);
        for (var round = 0; round < rounds; round++)
        {
            var (seconds, transport) = await BaselineAsync(keys, data);
            results["baseline"].Add(seconds);
            counts["baseline"] = transport;
            (seconds, transport) = await ProducerAsync(keys, data, aggregation: true);
            results["aggregated"].Add(seconds);
            counts["aggregated"] = transport;
            (seconds, transport) = await ProducerAsync(keys, data, aggregation: false);
            results["unaggregated"].Add(seconds);
            counts["unaggregated"] = transport;
        }

        var baseline = Medians.Of(results["baseline"]);
        foreach (var (name, times) in results)
        {
            var median = Medians.Of(times);
            var transport = counts[name];
            Console.WriteLine($"{name}_records_per_second={records / median:F0}");
            Console.WriteLine($"{name}_time_vs_baseline={median / baseline:F2}");
            Console.WriteLine($"{name}_kinesis_records={transport.KinesisRecords}");
            Console.WriteLine($"{name}_requests={transport.Requests}");
            Console.WriteLine($"{name}_bytes_sent={transport.Bytes}");
        }
    }

    private static async Task<(double Seconds, InstantTransport Transport)> BaselineAsync(string[] keys, byte[] data)
    {
        var transport = new InstantTransport(answerShards: false);
        var stopwatch = Stopwatch.StartNew();
        var batches = Enumerable.Range(0, Shards).Select(_ => new List<TransportRecord>(500)).ToArray();
        foreach (var key in keys)
        {
            // The least a shard-aware client does per record: hash the key to find its shard.
            var shard = MD5.HashData(Encoding.UTF8.GetBytes(key))[0] * Shards / 256;
            var batch = batches[shard];
            batch.Add(new TransportRecord(key, null, data));
            if (batch.Count == 500)
            {
                await transport.PutRecordsAsync("bench", batch, CancellationToken.None);
                batches[shard] = new List<TransportRecord>(500);
            }
        }

        foreach (var batch in batches.Where(b => b.Count > 0))
        {
            await transport.PutRecordsAsync("bench", batch, CancellationToken.None);
        }

        return (stopwatch.Elapsed.TotalSeconds, transport);
    }

    private static async Task<(double Seconds, InstantTransport Transport)> ProducerAsync(string[] keys, byte[] data, bool aggregation)
    {
        var transport = new InstantTransport(answerShards: true);
        var options = new KinesisProducerOptions { AggregationEnabled = aggregation, RateLimitPercent = 10_000 };
        var stopwatch = Stopwatch.StartNew();
        await using (var producer = new KinesisProducer(transport, "bench", options))
        {
            foreach (var key in keys)
            {
                await producer.AddAsync(key, data);
            }

            await producer.FlushAsync();
        }

        return (stopwatch.Elapsed.TotalSeconds, transport);
    }

    /// <summary>Accepts every entry at once and answers with the shard that owns its hash key, as Kinesis would.</summary>
    private sealed class InstantTransport : IKinesisTransport
    {
        private static readonly BigInteger Space = BigInteger.Pow(2, 128);
        private static readonly TransportShard[] ShardList = Enumerable.Range(0, Shards).Select(i => new TransportShard(
            $"shardId-{i:D12}",
            (Space * i / Shards).ToString(),
            (Space * (i + 1) / Shards - 1).ToString())).ToArray();

        private readonly bool _answerShards;
        private long _sequence;

        public InstantTransport(bool answerShards) => _answerShards = answerShards;

        public int Requests;
        public long KinesisRecords;
        public long Bytes;

        public Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            Interlocked.Add(ref KinesisRecords, records.Count);
            var results = new TransportRecordResult[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                Interlocked.Add(ref Bytes, record.Data.Length + record.PartitionKey.Length);
                var shard = 0;
                if (_answerShards)
                {
                    var hash = record.ExplicitHashKey is { } ehk ? BigInteger.Parse(ehk) : Hash(record.PartitionKey);
                    shard = (int)(hash * Shards / Space);
                }

                results[i] = TransportRecordResult.Success(Interlocked.Increment(ref _sequence).ToString(), ShardList[shard].ShardId);
            }

            return Task.FromResult(new TransportPutResult(results));
        }

        public Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            Task.FromResult(new TransportShardPage(ShardList, null));

        private static BigInteger Hash(string partitionKey) =>
            new(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), isUnsigned: true, isBigEndian: true);
    }
}
