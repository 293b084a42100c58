// A producer that makes each mistake KIN001-KIN006 find. The host tests build it, open it in
// MSBuildWorkspace and in a language server. A trailing "expect:" comment lists the rules reported
// on that line (where the diagnostic starts); the tests compare every host's output with them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;

namespace HostFixture
{
    public sealed record Order(string Id, string CustomerId, decimal Total);

    public static class OrderPublisher
    {
        private const string Stream = "orders";

        // One HTTP request per order, and throttling escapes and fails the whole loop.
        public static async Task PublishOneByOne(IAmazonKinesis kinesis, IEnumerable<Order> orders)
        {
            foreach (var order in orders)
            {
                await kinesis.PutRecordAsync(new PutRecordRequest // expect: KIN001 KIN003
                {
                    StreamName = Stream,
                    PartitionKey = order.Id,
                    Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
                });
            }
        }

        // Every record on one shard; failed entries never looked at; more than 500 orders fail the request.
        public static async Task PublishBatch(IAmazonKinesis kinesis, List<Order> orders)
        {
            var request = new PutRecordsRequest
            {
                StreamName = Stream,
                Records = orders.Select(order => new PutRecordsRequestEntry
                {
                    PartitionKey = "orders", // expect: KIN002
                    Data = new MemoryStream(Encoding.UTF8.GetBytes(order.ToString())),
                }).ToList(),
            };

            await kinesis.PutRecordsAsync(request); // expect: KIN004 KIN006
        }

        // A whole file can exceed the 1 MiB record limit.
        public static async Task PublishExport(IAmazonKinesis kinesis, string path)
        {
            var bytes = File.ReadAllBytes(path);
            try
            {
                await kinesis.PutRecordAsync(new PutRecordRequest
                {
                    StreamName = Stream,
                    PartitionKey = Path.GetFileName(path),
                    Data = new MemoryStream(bytes), // expect: KIN005
                });
            }
            catch (ProvisionedThroughputExceededException)
            {
                Console.Error.WriteLine("throttled; try again later");
            }
        }

        public static void Main() => Console.WriteLine("Build this project to see the KIN warnings.");
    }
}
