// The producer of samples/ProducerMistakes, fixed with what KinesisAnalyzers brings:
// the generated IAmazonKinesis extension methods (CreateKinesisProducer, PutRecordsWithRetryAsync)
// and the runtime's KinesisProducer. KIN001-KIN006 are errors in this project, so it only builds clean.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using KinesisAnalyzers.Runtime;

public sealed record Order(string Id, string CustomerId, decimal Total);

public static class OrderPublisher
{
    private const string Stream = "orders";
    private const int MaxRecordBytes = 1024 * 1024;

    // KIN001/KIN003: records are buffered, aggregated and batched per shard; throttling is retried with backoff.
    public static async Task PublishAll(IAmazonKinesis kinesis, IEnumerable<Order> orders)
    {
        await using var producer = kinesis.CreateKinesisProducer(Stream, new KinesisProducerOptions
        {
            OnRecordFailed = failure =>
            {
                Console.Error.WriteLine($"order not published: {failure.ErrorCode} after {failure.Attempts.Count} attempts");
                return Task.CompletedTask;
            },
        });

        foreach (var order in orders)
        {
            // KIN002: the key varies per record.
            await producer.AddAsync(order.Id, Encoding.UTF8.GetBytes(order.ToString()));
        }
    }

    // KIN004/KIN006: batches of at most 500; failed entries are re-sent, and what still fails is reported.
    public static async Task PublishBatch(IAmazonKinesis kinesis, List<Order> orders)
    {
        foreach (var chunk in orders.Chunk(500))
        {
            var request = new PutRecordsRequest
            {
                StreamName = Stream,
                Records = chunk.Select(order => new PutRecordsRequestEntry
                {
                    PartitionKey = order.Id,
                    Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
                }).ToList(),
            };

            try
            {
                var response = await kinesis.PutRecordsWithRetryAsync(request);
                Console.WriteLine($"{response.Records?.Count ?? 0} orders written");
            }
            catch (KinesisPutRecordsException ex)
            {
                Console.Error.WriteLine($"{ex.FailedEntries.Count} orders not written");
            }
        }
    }

    // KIN005: the file's size is checked before it becomes one record.
    public static async Task PublishExport(IAmazonKinesis kinesis, string path)
    {
        if (new FileInfo(path).Length > MaxRecordBytes - 256)
        {
            throw new InvalidOperationException($"{path} is too large for one Kinesis record; split it.");
        }

        var bytes = File.ReadAllBytes(path);
        await kinesis.PutRecordWithRetryAsync(new PutRecordRequest
        {
            StreamName = Stream,
            PartitionKey = Path.GetFileName(path),
            Data = new MemoryStream(bytes),
        });
    }

    public static void Main() => Console.WriteLine("This project builds with no KIN diagnostics.");
}
