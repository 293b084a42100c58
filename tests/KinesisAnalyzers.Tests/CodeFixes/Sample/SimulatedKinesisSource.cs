namespace KinesisAnalyzers.Tests.CodeFixes.Sample;

/// <summary>
/// Source compiled with the sample (before or after its fixes), the stand-in and the generated binding: a Kinesis
/// client (a subclass of the stand-in AmazonKinesisClient) that writes to a <c>ShardSimulator</c> and answers as the
/// SDK does (throttled PutRecord throws, PutRecords reports failed entries, ListShards pages the open shards, service
/// errors become SDK exceptions, network failures stay exceptions), counting the requests; and a driver that runs the sample's methods on orders
/// whose data carries their position, so the test can check what arrived, in which order, from neutral types.
/// </summary>
internal static class SimulatedKinesisSource
{
    public const string Text = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using KinesisAnalyzers.Runtime;
        using KinesisAnalyzers.Runtime.Testing;

        namespace Harness
        {
            public sealed class SimulatedKinesis : AmazonKinesisClient
            {
                private readonly ShardSimulator _simulator;
                private int _putRecordCalls;
                private int _putRecordsCalls;

                public SimulatedKinesis(ShardSimulator simulator)
                {
                    _simulator = simulator;
                }

                /// <summary>HTTP requests made: PutRecord and PutRecords calls.</summary>
                public int Requests => _putRecordCalls + _putRecordsCalls;

                public override async Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default)
                {
                    Interlocked.Increment(ref _putRecordCalls);
                    var result = await SendAsync(request.StreamName, new[] { Record(request.PartitionKey, request.ExplicitHashKey, request.Data) }, cancellationToken);
                    var entry = result.Records[0];
                    if (!entry.Succeeded)
                    {
                        throw SdkErrors.From(new KinesisTransportException(entry.ErrorMessage ?? entry.ErrorCode!, entry.ErrorCode, 400));
                    }

                    return new PutRecordResponse { ShardId = entry.ShardId, SequenceNumber = entry.SequenceNumber };
                }

                public override async Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default)
                {
                    Interlocked.Increment(ref _putRecordsCalls);
                    var entries = request.Records ?? new List<PutRecordsRequestEntry>();
                    var result = await SendAsync(request.StreamName, entries.Select(e => Record(e.PartitionKey, e.ExplicitHashKey, e.Data)).ToList(), cancellationToken);
                    return new PutRecordsResponse
                    {
                        FailedRecordCount = result.Records.Count(r => !r.Succeeded),
                        Records = result.Records.Select(r => new PutRecordsResultEntry
                        {
                            ShardId = r.ShardId,
                            SequenceNumber = r.SequenceNumber,
                            ErrorCode = r.ErrorCode,
                            ErrorMessage = r.ErrorMessage,
                        }).ToList(),
                    };
                }

                /// <summary>The simulator's open shards, as the producer reads the shard map.</summary>
                public override async Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default)
                {
                    TransportShardPage page;
                    try
                    {
                        page = await _simulator.ListShardsAsync(request.StreamName, request.NextToken, cancellationToken);
                    }
                    catch (KinesisTransportException error)
                    {
                        throw SdkErrors.From(error);
                    }

                    return new ListShardsResponse
                    {
                        NextToken = page.NextToken,
                        Shards = page.Shards.Select(shard => new Shard
                        {
                            ShardId = shard.ShardId,
                            ParentShardId = shard.ParentShardId,
                            AdjacentParentShardId = shard.AdjacentParentShardId,
                            HashKeyRange = new HashKeyRange { StartingHashKey = shard.StartingHashKey, EndingHashKey = shard.EndingHashKey },
                        }).ToList(),
                    };
                }

                private async Task<TransportPutResult> SendAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
                {
                    try
                    {
                        return await _simulator.PutRecordsAsync(streamName, records, cancellationToken);
                    }
                    catch (KinesisTransportException error)
                    {
                        throw SdkErrors.From(error);
                    }
                }

                /// <summary>Reads the data as the SDK does: from the stream's position to its end, leaving it there.</summary>
                private static TransportRecord Record(string partitionKey, string? explicitHashKey, MemoryStream data)
                {
                    var bytes = new byte[data.Length - data.Position];
                    data.Read(bytes, 0, bytes.Length);
                    return new TransportRecord(partitionKey, explicitHashKey, bytes);
                }
            }

            public static class SampleDriver
            {
                /// <summary><paramref name="count"/> orders; order i has id "order-(i mod keys)" and total i.</summary>
                public static List<Order> Orders(int count, int keys) =>
                    Enumerable.Range(0, count).Select(i => new Order("order-" + (i % keys), "customer-" + (i % 7), i)).ToList();

                /// <summary>Runs OrderPublisher.<paramref name="method"/> on the orders; returns what it threw, or null.</summary>
                public static async Task<Exception?> RunAsync(string method, SimulatedKinesis client, int count, int keys)
                {
                    var orders = Orders(count, keys);
                    try
                    {
                        switch (method)
                        {
                            case "PublishOneByOne":
                                await OrderPublisher.PublishOneByOne(client, orders);
                                break;
                            case "PublishBatch":
                                await OrderPublisher.PublishBatch(client, orders);
                                break;
                            default:
                                throw new ArgumentException("No such sample method: " + method, nameof(method));
                        }

                        return null;
                    }
                    catch (Exception exception) when (!(exception is ArgumentException && exception.Message.StartsWith("No such sample method")))
                    {
                        return exception;
                    }
                }
            }
        }
        """;
}
