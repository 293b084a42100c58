using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Interop.AggregationFixture;

/// <summary>
/// The .NET side of the aggregation interop tests.
///   aggregate OUTPUT.json          aggregates fixed cases of user records with AggregatedRecordBuilder and
///                                  writes the Kinesis records and the user records they must decode to.
///   deaggregate INPUT.json OUTPUT.json
///                                  decodes Kinesis records (made by another producer) with KinesisDeaggregator.
/// Binary values are base64 in the JSON.
/// </summary>
internal static class Program
{
    private const int KplDefaultMaxSize = 51_200;

    private static int Main(string[] args)
    {
        switch (args)
        {
            case ["aggregate", var output]:
                File.WriteAllText(output, Aggregate().ToJsonString());
                return 0;
            case ["deaggregate", var input, var output]:
                File.WriteAllText(output, Deaggregate(JsonNode.Parse(File.ReadAllText(input))!).ToJsonString());
                return 0;
            default:
                Console.Error.WriteLine("usage: aggregate OUTPUT.json | deaggregate INPUT.json OUTPUT.json");
                return 2;
        }
    }

    private static JsonObject Aggregate()
    {
        var cases = new JsonArray();
        foreach (var (name, maxSize, records) in Cases())
        {
            cases.Add(AggregateCase(name, maxSize, records));
        }

        return new JsonObject { ["cases"] = cases };
    }

    // Fills a builder until a record does not fit, emits it, and starts the next: the producer's loop.
    private static JsonObject AggregateCase(string name, int maxSize, IReadOnlyList<UserRecord> records)
    {
        var builder = new AggregatedRecordBuilder(maxSize);
        var aggregated = new JsonArray();
        var first = 0;

        void Emit(int end)
        {
            var data = builder.Build();
            if (data.Length != builder.EncodedSize)
            {
                throw new InvalidOperationException($"{name}: EncodedSize {builder.EncodedSize} but Build gave {data.Length} bytes.");
            }

            // As KPL: an arbitrary outer partition key, and an explicit hash key of a record inside.
            var head = records[first];
            aggregated.Add(new JsonObject
            {
                ["partitionKey"] = "a",
                ["explicitHashKey"] = head.ExplicitHashKey ?? HashKeyOf(head.PartitionKey),
                ["data"] = Convert.ToBase64String(data),
                ["userRecordCount"] = builder.Count,
                ["firstUserRecord"] = first,
            });
            builder.Reset();
            first = end;
        }

        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var predicted = builder.SizeIfAdded(record.PartitionKey, record.ExplicitHashKey, record.Data.Length);
            if (!builder.TryAdd(record.PartitionKey, record.ExplicitHashKey, record.Data))
            {
                Emit(i);
                predicted = builder.SizeIfAdded(record.PartitionKey, record.ExplicitHashKey, record.Data.Length);
                if (!builder.TryAdd(record.PartitionKey, record.ExplicitHashKey, record.Data))
                {
                    throw new InvalidOperationException($"{name}: an empty builder refused record {i}.");
                }
            }

            if (predicted != builder.EncodedSize)
            {
                throw new InvalidOperationException($"{name}: SizeIfAdded said {predicted} but EncodedSize is {builder.EncodedSize}.");
            }
        }

        if (builder.Count > 0)
        {
            Emit(records.Count);
        }

        return new JsonObject
        {
            ["name"] = name,
            ["maxSize"] = maxSize,
            ["aggregated"] = aggregated,
            ["userRecords"] = new JsonArray(records.Select(r => (JsonNode)r.ToJson()).ToArray()),
        };
    }

    private static IEnumerable<(string Name, int MaxSize, IReadOnlyList<UserRecord> Records)> Cases()
    {
        var random = new Random(20261125);

        // Many small records, keys repeating (table de-duplication), KPL's default size limit.
        var pool = Enumerable.Range(0, 300).Select(i => $"customer-{i:D5}").ToArray();
        yield return ("many small records", KplDefaultMaxSize, Enumerable.Range(0, 5000)
            .Select(i => new UserRecord(pool[random.Next(pool.Length)], null, Bytes(random, random.Next(1, 101))))
            .ToList());

        // Unique GUID keys with 100-byte payloads: 144 bytes per user record.
        yield return ("unique guid keys", KplDefaultMaxSize, Enumerable.Range(0, 1000)
            .Select(_ => new UserRecord(new Guid(Bytes(random, 16)).ToString(), null, Bytes(random, 100)))
            .ToList());

        // Keys outside ASCII: accents, Greek, CJK, emoji (surrogate pairs), combining marks, 256-character keys.
        string[] unicode = ["é", "ß", "κλειδί", "键", "🔑", "👩‍👩‍👧", "a\u0301", "Ω", "ñ", "日本語"];
        yield return ("unicode keys", 8_192, Enumerable.Range(0, 600)
            .Select(i =>
            {
                var key = i % 50 == 0 ? Repeat(unicode[i % unicode.Length], 256) : string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => unicode[random.Next(unicode.Length)]));
                return new UserRecord(key, null, Encoding.UTF8.GetBytes($"{key}:{i}"));
            })
            .ToList());

        // Every record with an explicit hash key, from 0 to 2^128-1, some repeated.
        var ehkPool = new[] { "0", "1", "340282366920938463463374607431768211455", "170141183460469231731687303715884105728" };
        yield return ("explicit hash keys", 16_384, Enumerable.Range(0, 800)
            .Select(i => new UserRecord($"pk-{i % 37}", random.Next(3) == 0 ? ehkPool[random.Next(ehkPool.Length)] : RandomHashKey(random), Bytes(random, random.Next(0, 64))))
            .ToList());

        // Records with and without explicit hash keys in the same aggregated record.
        yield return ("mixed explicit hash keys", 4_096, Enumerable.Range(0, 400)
            .Select(i => new UserRecord($"pk-{i % 11}", i % 3 == 0 ? null : ehkPool[i % ehkPool.Length], Bytes(random, random.Next(0, 40))))
            .ToList());

        // Empty payloads.
        yield return ("empty data", KplDefaultMaxSize, Enumerable.Range(0, 200)
            .Select(i => new UserRecord($"k{i % 7}", null, []))
            .ToList());

        // Large records: aggregated records land close to the limit, and one record bigger than
        // the limit travels alone (the first record of a builder is always accepted).
        yield return ("records near max size", KplDefaultMaxSize, Enumerable.Range(0, 120)
            .Select(i => new UserRecord($"big-{i % 5}", null, Bytes(random, i % 40 == 39 ? 60_000 : random.Next(5_000, 25_000))))
            .ToList());

        // Sized so aggregated records hit the limit to the byte: 10 records of 5,000 bytes under one key.
        var exact = new AggregatedRecordBuilder(int.MaxValue);
        for (var i = 0; i < 10; i++)
        {
            exact.TryAdd("same", null, new byte[5_000]);
        }

        yield return ("exactly max size", exact.EncodedSize, Enumerable.Range(0, 25)
            .Select(_ => new UserRecord("same", null, Bytes(random, 5_000)))
            .ToList());

        yield return ("single record", KplDefaultMaxSize, [new UserRecord("only", "12345678901234567890", Encoding.UTF8.GetBytes("{\"id\":1}"))]);

        yield return ("single 1 MiB record", KplDefaultMaxSize, [new UserRecord("large", null, Bytes(random, 1024 * 1024))]);
    }

    private static JsonObject Deaggregate(JsonNode input)
    {
        var output = new JsonArray();
        foreach (var record in input["records"]!.AsArray())
        {
            var data = Convert.FromBase64String((string)record!["data"]!);
            var partitionKey = (string)record["partitionKey"]!;
            var explicitHashKey = (string?)record["explicitHashKey"];
            var sequenceNumber = (string?)record["sequenceNumber"];
            foreach (var user in KinesisDeaggregator.Deaggregate(data, partitionKey, explicitHashKey, sequenceNumber))
            {
                output.Add(new JsonObject
                {
                    ["partitionKey"] = user.PartitionKey,
                    ["explicitHashKey"] = user.ExplicitHashKey,
                    ["data"] = Convert.ToBase64String(user.Data.Span),
                    ["sequenceNumber"] = user.SequenceNumber,
                    ["subSequenceNumber"] = user.SubSequenceNumber,
                    ["isAggregated"] = user.IsAggregated,
                });
            }
        }

        return new JsonObject { ["records"] = output };
    }

    // The hash key Kinesis derives from a partition key: MD5 of its UTF-8 bytes as an unsigned big-endian integer.
    private static string HashKeyOf(string partitionKey) =>
        new BigInteger(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);

    private static string RandomHashKey(Random random) =>
        new BigInteger(Bytes(random, 16), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    private static string Repeat(string text, int characters)
    {
        var builder = new StringBuilder();
        while (builder.Length + text.Length <= characters)
        {
            builder.Append(text);
        }

        return builder.ToString();
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record UserRecord(string PartitionKey, string? ExplicitHashKey, byte[] Data)
    {
        public JsonObject ToJson() => new()
        {
            ["partitionKey"] = PartitionKey,
            ["explicitHashKey"] = ExplicitHashKey,
            ["data"] = Convert.ToBase64String(Data),
        };
    }
}
