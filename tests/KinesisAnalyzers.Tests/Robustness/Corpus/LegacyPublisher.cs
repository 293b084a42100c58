namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>Synchronous and sync-over-async code: a client subclass, Wait/Result, do/while, Thread.Sleep, async void, retry helpers.</summary>
    public const string LegacyPublisher = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using Amazon.Runtime;

        namespace Legacy.Integration
        {
            public class TracingKinesisClient : AmazonKinesisClient
            {
                public int Calls { get; private set; }

                public override Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default)
                {
                    Calls++;
                    return base.PutRecordAsync(request, cancellationToken);
                }
            }

            public static class KinesisRetry
            {
                public static async Task<T> RunAsync<T>(Func<Task<T>> action, int attempts = 3)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await action();
                        }
                        catch (ProvisionedThroughputExceededException) when (attempt < attempts)
                        {
                            await Task.Delay(50 * attempt);
                        }
                    }
                }
            }

            public class LegacyPublisher : IDisposable
            {
                private readonly TracingKinesisClient _client = new TracingKinesisClient();
                private readonly object _gate = new object();
                private readonly Timer _timer;
                private int _sent;

                public LegacyPublisher()
                {
                    _timer = new Timer(OnTimer, null, 1000, 1000);
                }

                public void PublishSync(IList<string> messages)
                {
                    for (int i = 0; i < messages.Count; i++)
                    {
                        var request = new PutRecordRequest { StreamName = "legacy", PartitionKey = i.ToString(), Data = new MemoryStream(Encoding.ASCII.GetBytes(messages[i])) };
                        _client.PutRecordAsync(request).Wait();
                    }
                }

                public string PublishResult(string message) =>
                    _client.PutRecordAsync(new PutRecordRequest { StreamName = "legacy", PartitionKey = message, Data = new MemoryStream(Encoding.ASCII.GetBytes(message)) }).Result.SequenceNumber;

                public Task<PutRecordResponse> PublishWithHelper(string message) =>
                    KinesisRetry.RunAsync(() => _client.PutRecordAsync(new PutRecordRequest { StreamName = "legacy", PartitionKey = message, Data = new MemoryStream(Encoding.ASCII.GetBytes(message)) }));

                public void PublishLines(TextReader reader)
                {
                    string? line;
                    var index = 0;
                    do
                    {
                        line = reader.ReadLine();
                        if (line is null)
                        {
                            break;
                        }

                        try
                        {
                            _client.PutRecord(new PutRecordRequest { StreamName = "lines", PartitionKey = "line-" + index, Data = new MemoryStream(Encoding.UTF8.GetBytes(line)) });
                        }
                        catch (AmazonServiceException ex) when (ex.ErrorCode == "ProvisionedThroughputExceededException")
                        {
                            Thread.Sleep(200);
                        }

                        index++;
                    }
                    while (index < 10_000);
                }

                public void PublishPaced(IEnumerable<string> messages)
                {
                    foreach (var message in messages)
                    {
                        _client.PutRecord(new PutRecordRequest { StreamName = "paced", PartitionKey = message, Data = new MemoryStream(Encoding.UTF8.GetBytes(message)) });
                        Thread.Sleep(TimeSpan.FromMilliseconds(20));
                    }
                }

                public PutRecordsResponse SendBatch(List<PutRecordsRequestEntry> entries)
                {
                    var response = _client.PutRecords(new PutRecordsRequest { StreamName = "legacy", Records = entries });
                    lock (_gate)
                    {
                        _sent += entries.Count;
                    }

                    return response;
                }

                public void SendBatchAndForget(PutRecordsRequest request)
                {
                    var response = _client.PutRecords(request);
                    Console.WriteLine(response.HttpStatusCode);
                }

                private async void OnTimer(object? state)
                {
                    await _client.PutRecordAsync(new PutRecordRequest { StreamName = "legacy", PartitionKey = "timer", Data = new MemoryStream(BitConverter.GetBytes(_sent)) });
                }

                public void Dispose()
                {
                    _timer.Dispose();
                    _client.Dispose();
                }
            }
        }
        """;
}
