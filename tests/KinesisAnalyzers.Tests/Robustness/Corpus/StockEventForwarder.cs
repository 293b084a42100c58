namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>The runtime KinesisProducer: keys from switch expressions, invariant keys, explicit hash keys, oversized data.</summary>
    public const string StockEventForwarder = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using KinesisAnalyzers.Runtime;

        namespace Inventory.Events
        {
            public enum EventKind { Created, Updated, Deleted }

            public readonly record struct StockEvent(string Sku, string Warehouse, int Delta, EventKind Kind);

            public sealed class StockEventForwarder : IAsyncDisposable
            {
                private static string DefaultKey { get; } = "stock";
                private readonly KinesisProducer _producer;
                private readonly string _warehouse;

                public StockEventForwarder(KinesisProducer producer, string warehouse)
                {
                    _producer = producer;
                    _warehouse = warehouse;
                }

                public async Task ForwardAsync(IEnumerable<StockEvent> events, CancellationToken ct)
                {
                    foreach (var e in events)
                    {
                        var key = e.Kind switch
                        {
                            EventKind.Created => e.Sku,
                            EventKind.Deleted => "deleted",
                            _ => _warehouse,
                        };
                        await _producer.AddAsync(key, Encode(e), cancellationToken: ct);
                        await _producer.AddAsync(_warehouse, Encode(e));
                    }

                    await _producer.FlushAsync(ct);
                }

                public bool TryForward(StockEvent e) => _producer.TryAdd(DefaultKey, Encode(e));

                public async Task<string> PutAsync(StockEvent e)
                {
                    var result = await _producer.PutAsync(e.Sku + "/" + e.Warehouse, Encode(e));
                    return result.SequenceNumber;
                }

                public Task ForwardLargeAsync(StockEvent e) => _producer.PutAsync(e.Sku, new byte[3 * 1024 * 1024]);

                public async Task ForwardSpreadAsync(IReadOnlyList<StockEvent> events, string hashKeyPrefix)
                {
                    for (var i = 0; i < events.Count; i++)
                    {
                        var e = events[i];
                        await _producer.AddAsync(nameof(StockEvent), Encode(e), explicitHashKey: hashKeyPrefix + i);
                        if (e is { Delta: < 0, Kind: not EventKind.Deleted } negative)
                        {
                            _producer.TryAdd($"{negative.Sku}:{Guid.NewGuid()}", Encode(negative).AsMemory());
                        }
                    }
                }

                public async Task ForwardFileAsync(string path)
                {
                    var stream = new MemoryStream(await File.ReadAllBytesAsync(path));
                    await _producer.AddAsync(Path.GetFileNameWithoutExtension(path), stream);
                }

                public Task ForwardAllAsync(IEnumerable<StockEvent> events) =>
                    Task.WhenAll(events.Select(async e => await _producer.PutAsync(_warehouse, Encode(e))));

                private static byte[] Encode(StockEvent e) => Encoding.UTF8.GetBytes($"{e.Sku};{e.Warehouse};{e.Delta};{e.Kind}");

                public ValueTask DisposeAsync() => _producer.DisposeAsync();
            }
        }
        """;
}
