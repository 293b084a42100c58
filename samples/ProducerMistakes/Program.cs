// Each method below makes one of the mistakes KinesisAnalyzers reports.
// Build this project to see KIN001-KIN006; see docs/rules/ for each rule.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;

public sealed record Order(string Id, string CustomerId, decimal Total);

public static class OrderPublisher
{
    private const string Stream = "orders";

    // KIN001: one HTTP request per order. KIN003: throttling escapes and fails the whole loop.
    public static async Task PublishOneByOne(IAmazonKinesis kinesis, IEnumerable<Order> orders)
    {
        foreach (var order in orders)
        {
            await kinesis.PutRecordAsync(new PutRecordRequest
            {
                StreamName = Stream,
                PartitionKey = order.Id,
                Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
            });
        }
    }

    // KIN002: the same key for every record sends them all to one shard.
    // KIN004: entries that failed in the batch are never looked at.
    // KIN006: more than 500 orders make the whole request fail.
    public static async Task PublishBatch(IAmazonKinesis kinesis, List<Order> orders)
    {
        var request = new PutRecordsRequest
        {
            StreamName = Stream,
            Records = orders.Select(order => new PutRecordsRequestEntry
            {
                PartitionKey = "orders",
                Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
            }).ToList(),
        };

        await kinesis.PutRecordsAsync(request);
    }

    // KIN005: a whole file can exceed the 1 MiB record limit.
    public static async Task PublishExport(IAmazonKinesis kinesis, string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            await kinesis.PutRecordAsync(new PutRecordRequest
            {
                StreamName = Stream,
                PartitionKey = Path.GetFileName(path),
                Data = new MemoryStream(bytes),
            });
        }
        catch (ProvisionedThroughputExceededException)
        {
            Console.Error.WriteLine("throttled; try again later");
        }
    }

    public static void Main() => Console.WriteLine("Build this project to see the KIN warnings.");
}
