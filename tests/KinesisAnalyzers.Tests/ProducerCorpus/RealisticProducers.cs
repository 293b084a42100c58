namespace KinesisAnalyzers.Tests.ProducerCorpus;

/// <summary>
/// Producers written the way services write them (a logging sink, an event-bus transport, Lambda handlers,
/// an ASP.NET controller, a hosted service, a console load generator). Each line a reviewer would flag ends
/// with <c>// expect: KINxxx ...</c>: the rules that should report a diagnostic starting on that line.
/// Everything else should stay quiet. Framework types (ILogger, BackgroundService, ControllerBase, Lambda's
/// context) are declared in the files with the shapes of the real ones.
/// </summary>
internal static class RealisticProducers
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        """;

    public static IReadOnlyList<(string Name, string Source, bool IsProgram)> All { get; } = new[]
    {
        ("LoggingSink", LoggingSink, false),
        ("EventBusTransport", EventBusTransport, false),
        ("LambdaHandlers", LambdaHandlers, false),
        ("OrdersController", OrdersController, false),
        ("TelemetryForwarder", TelemetryForwarder, false),
        ("LoadGenerator", LoadGenerator, true),
    };

    public const string LoggingSink = Usings + """
        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { }
            public static class LoggerExtensions
            {
                public static void LogWarning(this ILogger logger, string message, params object[] args) { }
                public static void LogInformation(this ILogger logger, string message, params object[] args) { }
            }
        }

        namespace Logging.Kinesis
        {
            using Microsoft.Extensions.Logging;

            /// <summary>A log sink: buffers formatted events, ships them on a timer.</summary>
            public sealed class KinesisLogSink : IDisposable
            {
                private readonly IAmazonKinesis _client;
                private readonly ILogger _selfLog;
                private readonly string _stream;
                private readonly List<string> _buffer = new();
                private readonly Timer _timer;

                public KinesisLogSink(IAmazonKinesis client, ILogger selfLog, string stream)
                {
                    _client = client;
                    _selfLog = selfLog;
                    _stream = stream;
                    _timer = new Timer(_ => _ = FlushAsync(), null, 1000, 1000);
                }

                public void Emit(string level, string message)
                {
                    lock (_buffer)
                    {
                        _buffer.Add($"{DateTime.UtcNow:O} [{level}] {message}");
                    }
                }

                public async Task FlushAsync()
                {
                    List<string> batch;
                    lock (_buffer)
                    {
                        batch = _buffer.ToList();
                        _buffer.Clear();
                    }

                    if (batch.Count == 0)
                    {
                        return;
                    }

                    var request = new PutRecordsRequest
                    {
                        StreamName = _stream,
                        Records = batch.Select(line => new PutRecordsRequestEntry
                        {
                            PartitionKey = "logs", // expect: KIN002
                            Data = new MemoryStream(Encoding.UTF8.GetBytes(line)),
                        }).ToList(),
                    };
                    var response = await _client.PutRecordsAsync(request); // expect: KIN004 KIN006
                    if (response.FailedRecordCount > 0)
                    {
                        _selfLog.LogWarning("{Count} log events were not written", response.FailedRecordCount);
                    }
                }

                public void Dispose() => _timer.Dispose();
            }
        }
        """;

    public const string EventBusTransport = Usings + """
        namespace EventBus
        {
            public sealed record DomainEvent(string AggregateId, string Type, byte[] Payload);

            public interface IEventTransport
            {
                Task SendAsync(string topic, string key, byte[] body);
            }

            /// <summary>The Kinesis transport of a small event bus: one record per event.</summary>
            public sealed class KinesisTransport : IEventTransport
            {
                private readonly IAmazonKinesis _client;

                public KinesisTransport(IAmazonKinesis client) => _client = client;

                public async Task SendAsync(string topic, string key, byte[] body)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await _client.PutRecordAsync(new PutRecordRequest { StreamName = topic, PartitionKey = key, Data = new MemoryStream(body) });
                            return;
                        }
                        catch (ProvisionedThroughputExceededException) when (attempt < 5)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)));
                        }
                    }
                }
            }

            public sealed class EventPublisher
            {
                private readonly IEventTransport _transport;

                public EventPublisher(IEventTransport transport) => _transport = transport;

                public async Task PublishAll(IEnumerable<DomainEvent> events)
                {
                    foreach (var domainEvent in events)
                    {
                        await _transport.SendAsync("domain-events", domainEvent.AggregateId, domainEvent.Payload); // expect: KIN001
                    }
                }

                public Task PublishAudit(byte[] body) => _transport.SendAsync("audit", "audit", body); // expect: KIN002

                public Task PublishOne(DomainEvent domainEvent) => _transport.SendAsync("domain-events", domainEvent.AggregateId, domainEvent.Payload);
            }
        }
        """;

    public const string LambdaHandlers = Usings + """
        namespace Amazon.Lambda.Core
        {
            public interface ILambdaContext { string AwsRequestId { get; } }
        }

        namespace Handlers
        {
            using Amazon.Lambda.Core;

            public sealed class SqsMessage { public string MessageId { get; set; } = ""; public string Body { get; set; } = ""; }
            public sealed class SqsEvent { public List<SqsMessage> Records { get; set; } = new(); }

            /// <summary>SQS to Kinesis forwarders, as Lambda functions.</summary>
            public class Functions
            {
                private static readonly IAmazonKinesis Client = new AmazonKinesisClient();

                public async Task ForwardEach(SqsEvent sqsEvent, ILambdaContext context)
                {
                    foreach (var message in sqsEvent.Records)
                    {
                        await Client.PutRecordAsync(new PutRecordRequest // expect: KIN001
                        {
                            StreamName = "forwarded",
                            PartitionKey = message.MessageId,
                            Data = new MemoryStream(Encoding.UTF8.GetBytes(message.Body)),
                        });
                    }
                }

                public async Task ForwardBatch(SqsEvent sqsEvent, ILambdaContext context)
                {
                    var request = new PutRecordsRequest
                    {
                        StreamName = "forwarded",
                        Records = sqsEvent.Records.Select(m => new PutRecordsRequestEntry
                        {
                            PartitionKey = m.MessageId,
                            Data = new MemoryStream(Encoding.UTF8.GetBytes(m.Body)),
                        }).ToList(),
                    };
                    await Client.PutRecordsAsync(request); // expect: KIN004 KIN006
                }

                public async Task<int> ForwardChecked(SqsEvent sqsEvent, ILambdaContext context)
                {
                    var failed = 0;
                    foreach (var chunk in sqsEvent.Records.Chunk(500))
                    {
                        var response = await Client.PutRecordsAsync(new PutRecordsRequest
                        {
                            StreamName = "forwarded",
                            Records = chunk.Select(m => new PutRecordsRequestEntry { PartitionKey = m.MessageId, Data = new MemoryStream(Encoding.UTF8.GetBytes(m.Body)) }).ToList(),
                        });
                        if (response.FailedRecordCount > 0)
                        {
                            throw new InvalidOperationException($"{response.FailedRecordCount} records failed; Lambda retries the batch");
                        }
                    }

                    return failed;
                }
            }
        }
        """;

    public const string OrdersController = Usings + """
        namespace Microsoft.AspNetCore.Mvc
        {
            public interface IActionResult { }
            public sealed class OkResult : IActionResult { }
            public abstract class ControllerBase
            {
                public IActionResult Ok() => new OkResult();
                public IActionResult Ok(object value) => new OkResult();
            }
            public sealed class HttpPostAttribute : Attribute { public HttpPostAttribute() { } public HttpPostAttribute(string template) { } }
        }

        namespace Shop.Api
        {
            using Microsoft.AspNetCore.Mvc;

            public sealed record Order(string Id, string CustomerId, decimal Total);

            public class OrdersController : ControllerBase
            {
                private readonly IAmazonKinesis _kinesis;

                public OrdersController(IAmazonKinesis kinesis) => _kinesis = kinesis;

                [HttpPost]
                public async Task<IActionResult> Post(Order order)
                {
                    var data = JsonSerializer.SerializeToUtf8Bytes(order);
                    await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "orders", PartitionKey = order.Id, Data = new MemoryStream(data) });
                    return Ok();
                }

                [HttpPost("bulk")]
                public async Task<IActionResult> Bulk(List<Order> orders)
                {
                    var response = await _kinesis.PutRecordsAsync(new PutRecordsRequest // expect: KIN006
                    {
                        StreamName = "orders",
                        Records = orders.Select(o => new PutRecordsRequestEntry { PartitionKey = o.Id, Data = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(o)) }).ToList(),
                    });
                    return Ok(response.Records.Where(r => r.ErrorCode != null).Select(r => r.ErrorCode).ToList());
                }

                [HttpPost("import")]
                public async Task<IActionResult> Import(string path)
                {
                    await _kinesis.PutRecordAsync(new PutRecordRequest
                    {
                        StreamName = "imports",
                        PartitionKey = Path.GetFileName(path),
                        Data = new MemoryStream(File.ReadAllBytes(path)), // expect: KIN005
                    });
                    return Ok();
                }
            }
        }
        """;

    public const string TelemetryForwarder = Usings + """
        namespace Microsoft.Extensions.Hosting
        {
            public abstract class BackgroundService
            {
                protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
            }
        }

        namespace Telemetry
        {
            using System.Threading.Channels;
            using Microsoft.Extensions.Hosting;

            public sealed class ForwarderOptions { public string Stream { get; set; } = "telemetry"; public string DeviceGroup { get; set; } = "group-a"; }

            /// <summary>A hosted service draining a channel of readings into Kinesis.</summary>
            public sealed class TelemetryForwarder : BackgroundService
            {
                private readonly IAmazonKinesis _client;
                private readonly Channel<byte[]> _readings;
                private readonly ForwarderOptions _options;

                public TelemetryForwarder(IAmazonKinesis client, Channel<byte[]> readings, ForwarderOptions options)
                {
                    _client = client;
                    _readings = readings;
                    _options = options;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var reading = await _readings.Reader.ReadAsync(stoppingToken);
                        await _client.PutRecordAsync(new PutRecordRequest // expect: KIN001 KIN003
                        {
                            StreamName = _options.Stream,
                            PartitionKey = _options.DeviceGroup, // expect: KIN002
                            Data = new MemoryStream(reading),
                        });
                    }
                }
            }
        }
        """;

    public const string LoadGenerator = Usings + """
        var client = new AmazonKinesisClient();
        var tasks = new List<Task>();
        for (var i = 0; i < 10_000; i++)
        {
            tasks.Add(client.PutRecordAsync(new PutRecordRequest { StreamName = "load", PartitionKey = "load-test", Data = new MemoryStream(new byte[512]) })); // expect: KIN001 KIN002 KIN003
        }

        await Task.WhenAll(tasks);

        var big = new byte[2 * 1024 * 1024];
        _ = client.PutRecordAsync(new PutRecordRequest { StreamName = "load", PartitionKey = Guid.NewGuid().ToString(), Data = new MemoryStream(big) }); // expect: KIN003 KIN005
        Console.WriteLine("done");
        """;
}
