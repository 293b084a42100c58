namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>A channel pump: flush at 500, switch statements over responses, deconstruction, recursive local functions.</summary>
    public const string MetricPump = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        namespace Metrics.Pump
        {
            internal sealed class MetricPump
            {
                private readonly IAmazonKinesis _kinesis;
                private readonly Channel<(string Name, double Value)> _channel = Channel.CreateBounded<(string Name, double Value)>(10_000);

                public MetricPump(IAmazonKinesis kinesis) => _kinesis = kinesis;

                public ValueTask WriteAsync(string name, double value) => _channel.Writer.WriteAsync((name, value));

                public async Task RunAsync(CancellationToken ct)
                {
                    var buffer = new List<PutRecordsRequestEntry>(500);
                    while (await _channel.Reader.WaitToReadAsync(ct))
                    {
                        while (_channel.Reader.TryRead(out var item))
                        {
                            var (name, value) = item;
                            buffer.Add(new PutRecordsRequestEntry { PartitionKey = name, Data = new MemoryStream(BitConverter.GetBytes(value)) });
                            if (buffer.Count == 500)
                            {
                                await FlushAsync(buffer, ct);
                                buffer.Clear();
                            }
                        }
                    }

                    if (buffer.Count > 0)
                    {
                        await FlushAsync(buffer, ct);
                    }
                }

                private async Task FlushAsync(List<PutRecordsRequestEntry> entries, CancellationToken ct)
                {
                    var response = await _kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "metrics", Records = entries }, ct);
                    switch (response)
                    {
                        case { FailedRecordCount: 0 }:
                            return;
                        case var r when r.Records is { } results:
                            foreach (var (entry, result) in entries.Zip(results))
                            {
                                if (result.ErrorCode is "ProvisionedThroughputExceededException" or "InternalFailure")
                                {
                                    await _channel.Writer.WriteAsync((entry.PartitionKey, 0d), ct);
                                }
                            }

                            break;
                    }
                }

                public async Task<int> DrainAsync(IAsyncEnumerable<(string Name, double Value)> source)
                {
                    var sent = 0;
                    await foreach (var (name, value) in source.ConfigureAwait(false))
                    {
                        try
                        {
                            await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "metrics", PartitionKey = "metrics", Data = new MemoryStream(BitConverter.GetBytes(value)) });
                            sent++;
                        }
                        catch (ProvisionedThroughputExceededException)
                        {
                            Console.Error.WriteLine($"dropped {name}");
                        }
                    }

                    return sent;
                }

                public Task<string> SendWithBackoffAsync(string name, double value)
                {
                    return Attempt(0);

                    async Task<string> Attempt(int n)
                    {
                        try
                        {
                            return (await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "metrics", PartitionKey = name, Data = new MemoryStream(BitConverter.GetBytes(value)) })).SequenceNumber;
                        }
                        catch (ProvisionedThroughputExceededException) when (n < 5)
                        {
                            await Task.Delay(1 << n);
                            return await Attempt(n + 1);
                        }
                    }
                }

                public async Task SendSnapshotAsync(IDictionary<string, double> snapshot)
                {
                    var request = new PutRecordsRequest { StreamName = "metrics" };
                    request.Records = snapshot.Select(pair => new PutRecordsRequestEntry { PartitionKey = pair.Key, Data = new MemoryStream(BitConverter.GetBytes(pair.Value)) }).ToList();
                    var response = await _kinesis.PutRecordsAsync(request);
                    if (response.FailedRecordCount is > 0 and var failed)
                    {
                        Console.Error.WriteLine($"{failed} metrics failed");
                    }
                }
            }
        }
        """;
}
