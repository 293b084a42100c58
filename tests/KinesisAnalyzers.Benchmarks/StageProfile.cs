using System.Diagnostics;
using System.Security.Cryptography;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Benchmarks;

internal static class StageProfile
{
    public static async Task EndToEnd(int n)
    {
        var keys = Enumerable.Range(0, n).Select(i => new Guid(MD5.HashData(BitConverter.GetBytes(i))).ToString()).ToArray();
        var data = new byte[100];
        var options = new KinesisAnalyzers.Runtime.KinesisProducerOptions { RateLimitPercent = 10_000, MaximumBufferedBytes = 256L * 1024 * 1024 };
        await using var producer = new KinesisAnalyzers.Runtime.KinesisProducer(new NullTransport(), "bench", options);
        for (var round = 0; round < 8; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                await producer.AddAsync(keys[i], data);
            }
            var added = sw.Elapsed.TotalSeconds;
            await producer.FlushAsync();
            Console.WriteLine($"1 writer: adds {n / added:F0}/s, end to end {n / sw.Elapsed.TotalSeconds:F0}/s");
        }
    }

    private sealed class NullTransport : KinesisAnalyzers.Runtime.IKinesisTransport
    {
        private static readonly KinesisAnalyzers.Runtime.TransportShard[] Shards = [new("shardId-000000000000", "0", "340282366920938463463374607431768211455")];
        public Task<KinesisAnalyzers.Runtime.TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisAnalyzers.Runtime.TransportRecord> records, CancellationToken cancellationToken) =>
            Task.FromResult(new KinesisAnalyzers.Runtime.TransportPutResult(records.Select(_ => KinesisAnalyzers.Runtime.TransportRecordResult.Success("1", "shardId-000000000000")).ToList()));
        public Task<KinesisAnalyzers.Runtime.TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken) =>
            Task.FromResult(new KinesisAnalyzers.Runtime.TransportShardPage(Shards, null));
    }

    public static void Run(int n)
    {
        var keys = Enumerable.Range(0, n).Select(i => new Guid(MD5.HashData(BitConverter.GetBytes(i))).ToString()).ToArray();
        var data = new byte[100];
        var validator = new RecordValidator(1024 * 1024);
        var pool = new UserRecordPool(256L * 1024 * 1024);
        var records = new UserRecord[n];
        for (var round = 0; round < 3; round++)
        {
            {
                var sw0 = Stopwatch.StartNew();
                Span<byte> utf8 = stackalloc byte[768];
                Span<byte> digest = stackalloc byte[16];
                for (var i = 0; i < n; i++)
                {
                    var len = System.Text.Encoding.UTF8.GetBytes(keys[i], utf8);
                    MD5.HashData(utf8[..len], digest);
                }
                Console.WriteLine($"bare md5 {n / sw0.Elapsed.TotalSeconds:F0}/s");
                sw0.Restart();
                var d = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < n; i++)
                {
                    if (!d.TryGetValue(keys[i], out _)) d.Add(keys[i], i);
                    if (d.Count == 350) d.Clear();
                }
                Console.WriteLine($"dict tryget+add {n / sw0.Elapsed.TotalSeconds:F0}/s");
                sw0.Restart();
                var total = 0;
                for (var i = 0; i < n; i++) total += KinesisAnalyzers.Runtime.KplText.StrictUtf8.GetByteCount(keys[i]);
                Console.WriteLine($"strict getbytecount {n / sw0.Elapsed.TotalSeconds:F0}/s");
                var builder = new KinesisAnalyzers.Runtime.AggregatedRecordBuilder(51_199);
                var outBuf = new byte[51_199];
                var built = 0;
                sw0.Restart();
                for (var i = 0; i < n; i++)
                {
                    if (!builder.TryAdd(keys[i], null, data)) { builder.BuildInto(outBuf); built++; builder.Reset(); builder.TryAdd(keys[i], null, data); }
                }
                Console.WriteLine($"builder tryadd+build {n / sw0.Elapsed.TotalSeconds:F0}/s built {built}");
                sw0.Restart();
                for (var i = 0; i < built; i++) MD5.HashData(outBuf, digest);
                Console.WriteLine($"md5 of aggregated per user record {n / sw0.Elapsed.TotalSeconds:F0}/s");
                sw0.Restart();
                for (var i = 0; i < n; i++) PartitionKeyHasher.Hash(keys[i]);
                Console.WriteLine($"PartitionKeyHasher.Hash {n / sw0.Elapsed.TotalSeconds:F0}/s");
            }

            var sw = Stopwatch.StartNew();
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
            {
                validator.Validate(keys[i], null, data.Length, out _);
            }
            Console.WriteLine($"validate+hash {n / sw.Elapsed.TotalSeconds:F0}/s alloc {(GC.GetAllocatedBytesForCurrentThread() - a0) / (double)n:F1}");
            sw.Restart();
            for (var i = 0; i < n; i++)
            {
                var r = pool.Rent();
                r.Accept(keys[i], null, PartitionKeyHasher.Hash(keys[i]), data, false, 136, TimeSpan.Zero, TimeSpan.FromSeconds(30), false);
                records[i] = r;
            }
            Console.WriteLine($"rent+accept+hash {n / sw.Elapsed.TotalSeconds:F0}/s");
            var recycler = new EntryRecycler(51_199, 256L * 1024 * 1024);
            var aggregators = Enumerable.Range(0, 16).Select(_ => new ShardAggregator(true, 51_199, TimeSpan.FromMilliseconds(100), recycler)).ToArray();
            var entries = new List<PutRecordsEntry>();
            sw.Restart();
            a0 = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < n; i++)
            {
                aggregators[records[i].HashKey.High >> 60].Add(records[i], entries);
                if (entries.Count > 0) { foreach (var e in entries) recycler.Recycle(e); entries.Clear(); }
            }
            Console.WriteLine($"aggregate {n / sw.Elapsed.TotalSeconds:F0}/s alloc {(GC.GetAllocatedBytesForCurrentThread() - a0) / (double)n:F1} entries {entries.Count}");
            foreach (var e in entries) recycler.Recycle(e);
            var list = new List<UserRecord>(records);
            pool.Return(list);
        }
    }
}
