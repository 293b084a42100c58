namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>A classic publisher class: loops, retry loops, pacing, strict ordering, try/catch with filters.</summary>
    public const string OrderPublisher = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using Amazon.Runtime;

        namespace Shop.Orders
        {
            public sealed record Order(string Id, string CustomerId, decimal Total, byte[] Payload);

            public sealed class OrderPublisher
            {
                private const string StreamName = "orders";
                private static readonly string SharedKey = "orders-shared";
                private readonly IAmazonKinesis _kinesis;
                private readonly string _region;

                public OrderPublisher(IAmazonKinesis kinesis, string region)
                {
                    _kinesis = kinesis;
                    _region = region;
                }

                public async Task PublishAllAsync(IReadOnlyList<Order> orders, CancellationToken cancellationToken)
                {
                    foreach (var order in orders)
                    {
                        var request = new PutRecordRequest
                        {
                            StreamName = StreamName,
                            PartitionKey = _region,
                            Data = new MemoryStream(order.Payload),
                        };
                        await _kinesis.PutRecordAsync(request, cancellationToken);
                    }
                }

                public async Task PublishIndexedAsync(Order[] orders)
                {
                    for (var i = 0; i < orders.Length; i++)
                    {
                        try
                        {
                            await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = StreamName, PartitionKey = orders[i].Id, Data = new MemoryStream(orders[i].Payload) });
                        }
                        catch (ProvisionedThroughputExceededException ex) when (i < orders.Length - 1)
                        {
                            Console.Error.WriteLine($"throttled at {i}: {ex.Message}");
                        }
                    }
                }

                public async Task<string> PublishWithRetryAsync(Order order)
                {
                    var attempt = 0;
                    while (true)
                    {
                        try
                        {
                            var response = await _kinesis.PutRecordAsync(new PutRecordRequest
                            {
                                StreamName = StreamName,
                                PartitionKey = order.CustomerId,
                                Data = new MemoryStream(order.Payload),
                            }).ConfigureAwait(false);
                            return response.SequenceNumber;
                        }
                        catch (AmazonKinesisException) when (++attempt < 5)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                        }
                    }
                }

                public async Task HeartbeatAsync(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        try
                        {
                            var body = Encoding.UTF8.GetBytes(DateTime.UtcNow.ToString("O"));
                            await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = StreamName, PartitionKey = SharedKey, Data = new MemoryStream(body) }, cancellationToken);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            Console.Error.WriteLine(exception);
                        }

                        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }

                public async Task PublishInOrderAsync(IEnumerable<Order> orders)
                {
                    string? previous = null;
                    foreach (var order in orders.Where(o => o.Total > 0m).OrderBy(o => o.Id))
                    {
                        try
                        {
                            var response = await _kinesis.PutRecordAsync(new PutRecordRequest
                            {
                                StreamName = StreamName,
                                PartitionKey = order.CustomerId,
                                SequenceNumberForOrdering = previous,
                                Data = new MemoryStream(order.Payload),
                            });
                            previous = response.SequenceNumber;
                        }
                        catch (AmazonServiceException exception)
                        {
                            throw new InvalidOperationException("order " + order.Id + " was not written", exception);
                        }
                    }
                }

                public Task PublishOneAsync(Order order) =>
                    _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = StreamName, PartitionKey = "orders", Data = new MemoryStream(order.Payload) });

                public async Task PublishByCustomerAsync(IEnumerable<Order> orders)
                {
                    foreach (var group in orders.GroupBy(o => o.CustomerId))
                    {
                        var index = 0;
                        foreach (var order in group)
                        {
                            var request = new PutRecordRequest { StreamName = StreamName, Data = new MemoryStream(order.Payload) };
                            request.PartitionKey = $"{group.Key}-{index++}";
                            await _kinesis.PutRecordAsync(request);
                        }
                    }
                }
            }
        }
        """;
}
