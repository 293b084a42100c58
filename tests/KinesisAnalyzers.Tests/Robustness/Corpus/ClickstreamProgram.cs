namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>Top-level statements: async streams, per-element lambdas, fire-and-forget, local functions.</summary>
    public const string ClickstreamProgram = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        var client = new AmazonKinesisClient();
        var streamName = args.Length > 0 ? args[0] : "clicks";
        var tenant = Environment.GetEnvironmentVariable("TENANT") ?? "default";
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await foreach (var click in ReadClicksAsync(cts.Token))
        {
            await client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = tenant, Data = Serialize(click) }, cts.Token);
        }

        var clicks = Enumerable.Range(0, 200).Select(i => new Click($"user-{i}", $"/page/{i % 7}", DateTime.UtcNow)).ToList();
        await Task.WhenAll(clicks.Select(c => client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = c.UserId, Data = Serialize(c) })));

        await Parallel.ForEachAsync(clicks, cts.Token, async (c, token) =>
        {
            try
            {
                await client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = c.UserId, Data = Serialize(c) }, token);
            }
            catch (Amazon.Runtime.AmazonServiceException e)
            {
                Console.Error.WriteLine(e.ErrorCode);
            }
        });

        _ = client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = "startup", Data = Serialize(new Click("system", "/", DateTime.UtcNow)) });

        clicks.ForEach(c => client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = c.Page, Data = Serialize(c) }).Wait());

        for (var i = 0; i < clicks.Count; i++)
        {
            var click = clicks[i];
            _ = Task.Run(() => Send(click));
        }

        var batch = await SendBatchAsync(clicks.Take(300));
        Console.WriteLine($"failed: {batch.FailedRecordCount}");

        var summary = clicks.GroupBy(c => c.Page) switch
        {
            var groups when groups.Count() > 5 => "many pages",
            _ => "few pages",
        };
        await client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = summary, Data = Serialize(clicks[0]) });

        async Task<PutRecordsResponse> SendBatchAsync(IEnumerable<Click> items)
        {
            var entries = items.Select(c => new PutRecordsRequestEntry { PartitionKey = c.UserId, Data = Serialize(c) }).ToList();
            return await client.PutRecordsAsync(new PutRecordsRequest { StreamName = streamName, Records = entries });
        }

        async Task Send(Click c) => await client.PutRecordAsync(new PutRecordRequest { StreamName = streamName, PartitionKey = c.UserId, Data = Serialize(c) });

        static MemoryStream Serialize(Click click) => new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(click));

        static async IAsyncEnumerable<Click> ReadClicksAsync([EnumeratorCancellation] CancellationToken token)
        {
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(10, token);
                yield return new Click($"user-{i}", "/home", DateTime.UtcNow);
            }
        }

        record Click(string UserId, string Page, DateTime At);
        """;
}
