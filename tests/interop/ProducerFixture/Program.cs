using System.Text;
using System.Text.Json;
using KinesisAnalyzers.Runtime;
using ProducerFixture;

// Writes N user records through KinesisProducer to a Kinesis API server and prints a JSON summary.
// Each record's data is "<index>|<partition key>|<padding>", so a reader can check every record
// arrived with its own key. Usage:
//   ProducerFixture --endpoint http://127.0.0.1:PORT --stream NAME --records N [--keys K] [--size BYTES] [--put-every M] [--strict true]
var options = ParseArgs(args);
var endpoint = new Uri(options["endpoint"]);
var stream = options["stream"];
var count = int.Parse(options["records"]);
var keys = options.TryGetValue("keys", out var k) ? int.Parse(k) : count;
var size = options.TryGetValue("size", out var s) ? int.Parse(s) : 100;
var putEvery = options.TryGetValue("put-every", out var p) ? int.Parse(p) : 0;
var strict = options.TryGetValue("strict", out var o) && bool.Parse(o);

var failures = 0;
using var transport = new KinesisJsonTransport(endpoint);
var producerOptions = new KinesisProducerOptions
{
    StrictOrdering = strict,
    OnRecordFailed = failure =>
    {
        Interlocked.Increment(ref failures);
        Console.Error.WriteLine($"failed: {failure.ErrorCode} {failure.ErrorMessage}");
        return Task.CompletedTask;
    },
};

var puts = new List<Task<KinesisPutResult>>();
var producer = new KinesisProducer(transport, stream, producerOptions);
await using (producer)
{
    for (var i = 0; i < count; i++)
    {
        var key = keys >= count ? $"key-{i}-{Guid.NewGuid():N}" : $"key-{i % keys}";
        var head = Encoding.UTF8.GetBytes($"{i}|{key}|");
        var data = new byte[Math.Max(size, head.Length)];
        head.CopyTo(data, 0);
        data.AsSpan(head.Length).Fill((byte)'x');
        if (putEvery > 0 && i % putEvery == 0)
        {
            puts.Add(producer.PutAsync(key, data));
        }
        else
        {
            await producer.AddAsync(key, data);
        }
    }

    await producer.FlushAsync();
}

var results = await Task.WhenAll(puts);
Console.WriteLine(JsonSerializer.Serialize(new
{
    sent = count,
    failed = failures,
    requests = transport.Requests,
    puts = results.Select(r => new { r.SequenceNumber, r.ShardId, r.SubSequenceNumber, r.Aggregated }).ToArray(),
}));
return failures == 0 ? 0 : 1;

static Dictionary<string, string> ParseArgs(string[] args)
{
    var map = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
        map[args[i][2..]] = args[i + 1];
    }

    foreach (var required in new[] { "endpoint", "stream", "records" })
    {
        if (!map.ContainsKey(required)) throw new ArgumentException($"--{required} is required.");
    }

    return map;
}
