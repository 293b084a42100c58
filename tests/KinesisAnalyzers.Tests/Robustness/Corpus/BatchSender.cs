namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>PutRecords in every style: unbounded and chunked batches, failed-entry retries, patterns, blocking calls.</summary>
    public const string BatchSender = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        namespace Telemetry.Batching
        {
            public sealed class Reading
            {
                public string DeviceId { get; init; } = "";
                public double Value { get; init; }
                public DateTimeOffset At { get; init; }
            }

            public partial class BatchSender
            {
                private readonly IAmazonKinesis client;
                private readonly string stream;

                public BatchSender(IAmazonKinesis client, string stream)
                {
                    this.client = client;
                    this.stream = stream;
                }

                private static PutRecordsRequestEntry ToEntry(Reading reading) => new PutRecordsRequestEntry
                {
                    PartitionKey = reading.DeviceId,
                    Data = new MemoryStream(Encoding.UTF8.GetBytes($"{reading.DeviceId},{reading.Value},{reading.At:O}")),
                };

                public async Task SendEverythingAsync(IEnumerable<Reading> readings)
                {
                    var request = new PutRecordsRequest { StreamName = stream, Records = readings.Select(ToEntry).ToList() };
                    await client.PutRecordsAsync(request);
                }

                public async Task SendInChunksAsync(IEnumerable<Reading> readings, CancellationToken token)
                {
                    foreach (var chunk in readings.Chunk(500))
                    {
                        var pending = chunk.Select(ToEntry).ToList();
                        for (var attempt = 0; attempt < 3 && pending.Count > 0; attempt++)
                        {
                            var response = await client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = pending }, token);
                            if (response.FailedRecordCount == 0)
                            {
                                break;
                            }

                            var failed = new List<PutRecordsRequestEntry>();
                            for (var i = 0; i < response.Records.Count; i++)
                            {
                                if (!string.IsNullOrEmpty(response.Records[i].ErrorCode))
                                {
                                    failed.Add(pending[i]);
                                }
                            }

                            pending = failed;
                            await Task.Delay(100 << attempt, token);
                        }
                    }
                }

                public Task<PutRecordsResponse> SendSyntheticAsync() =>
                    client.PutRecordsAsync(new PutRecordsRequest
                    {
                        StreamName = stream,
                        Records = Enumerable.Range(0, 1000).Select(i => new PutRecordsRequestEntry { PartitionKey = i.ToString(), Data = new MemoryStream(new byte[16]) }).ToList(),
                    });

                public async Task<bool> SendGuardedAsync(List<Reading> readings)
                {
                    if (readings.Count > 500)
                    {
                        throw new ArgumentException("too many readings", nameof(readings));
                    }

                    var response = await client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = readings.ConvertAll(ToEntry) });
                    return response.HttpStatusCode == HttpStatusCode.OK;
                }

                public void SendBlocking(IReadOnlyCollection<Reading> readings)
                {
                    var request = new PutRecordsRequest { StreamName = stream, Records = new List<PutRecordsRequestEntry>() };
                    foreach (var reading in readings.Take(500))
                    {
                        request.Records.Add(ToEntry(reading));
                    }

                    client.PutRecordsAsync(request).GetAwaiter().GetResult();
                }

                public async Task<int> SendAndCountFailuresAsync(Reading[] readings)
                {
                    var response = await client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = [.. readings.Take(100).Select(ToEntry)] });
                    return response switch
                    {
                        { FailedRecordCount: > 0 } => response.Records.Count(r => r.ErrorCode != null),
                        _ => 0,
                    };
                }

                public async Task SendOneByOneAsync(IAsyncEnumerable<Reading> readings)
                {
                    await foreach (var reading in readings)
                    {
                        var result = await client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = new List<PutRecordsRequestEntry> { ToEntry(reading) } });
                        if (result is { FailedRecordCount: > 0 })
                        {
                            Console.WriteLine("failed: " + reading.DeviceId);
                        }
                    }
                }

                public async Task SendKeyedAsync(IReadOnlyList<Reading> readings)
                {
                    var entries = new List<PutRecordsRequestEntry>();
                    foreach (var reading in readings)
                    {
                        entries.Add(new PutRecordsRequestEntry { PartitionKey = "devices", Data = new MemoryStream(BitConverter.GetBytes(reading.Value)) });
                    }

                    var response = await client.PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = entries });
                    _ = response.EncryptionType;
                }
            }
        }
        """;
}
