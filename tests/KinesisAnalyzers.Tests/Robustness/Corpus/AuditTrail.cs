namespace KinesisAnalyzers.Tests.Robustness;

internal static partial class RobustnessCorpus
{
    /// <summary>Extension methods, generics, query syntax, SelectMany, Task.Run, WhenAll over batches, events and properties.</summary>
    public const string AuditTrail = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;

        namespace Compliance.Audit
        {
            public interface IAuditEvent
            {
                string Actor { get; }
                string Action { get; }
                IReadOnlyList<string> Targets { get; }
            }

            public static class KinesisAuditExtensions
            {
                public static PutRecordsRequestEntry ToEntry(this IAuditEvent audit, string target) => new()
                {
                    PartitionKey = audit.Actor + "|" + target,
                    Data = new MemoryStream(Encoding.UTF8.GetBytes($"{audit.Actor} {audit.Action} {target}")),
                };

                public static Task<PutRecordsResponse> SendAuditAsync(this IAmazonKinesis kinesis, IEnumerable<PutRecordsRequestEntry> entries) =>
                    kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "audit", Records = entries.Take(500).ToList() });
            }

            public sealed partial class AuditTrail<TEvent> where TEvent : class, IAuditEvent
            {
                private readonly IAmazonKinesis _kinesis;
                private readonly Func<TEvent, bool> _filter;

                public AuditTrail(IAmazonKinesis kinesis, Func<TEvent, bool>? filter = null)
                {
                    _kinesis = kinesis;
                    _filter = filter ?? (static _ => true);
                }

                public event EventHandler<int>? Failed;

                public int Pending { get; private set; }

                public string this[int index] => index.ToString("D4");

                public async Task RecordAsync(IEnumerable<TEvent> events)
                {
                    var entries = from audit in events
                                  where _filter(audit)
                                  from target in audit.Targets
                                  select audit.ToEntry(target);
                    var response = await _kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "audit", Records = entries.ToList() });
                    if (response.FailedRecordCount > 0)
                    {
                        Failed?.Invoke(this, response.Records.Count(r => r.ErrorCode is not null));
                    }
                }

                public async Task RecordFlatAsync(IReadOnlyList<TEvent> events)
                {
                    var batches = events.SelectMany(e => e.Targets.Select(t => e.ToEntry(t))).Chunk(500);
                    var responses = await Task.WhenAll(batches.Select(batch => _kinesis.SendAuditAsync(batch)));
                    Pending = responses.Sum(r => r.FailedRecordCount > 0 ? 1 : 0);
                }

                public Task RecordInBackground(TEvent audit) =>
                    Task.Run(async () =>
                    {
                        foreach (var target in audit.Targets)
                        {
                            await _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "audit", PartitionKey = audit.Actor, Data = new MemoryStream(Encoding.UTF8.GetBytes(target)) });
                        }
                    });

                public void RecordEach(List<TEvent> events) =>
                    events.ForEach(e => _ = Task.Run(() => _kinesis.PutRecordAsync(new PutRecordRequest { StreamName = "audit", PartitionKey = e.Actor, Data = new MemoryStream(Encoding.UTF8.GetBytes(e.Action)) })));
            }

            public sealed partial class AuditTrail<TEvent>
            {
                public async Task<bool> RecordOneAsync(TEvent audit, CancellationToken cancellationToken = default)
                {
                    var entry = new PutRecordsRequestEntry();
                    entry.PartitionKey = nameof(AuditTrail<TEvent>);
                    entry.Data = new MemoryStream(Encoding.UTF8.GetBytes(audit.Action));
                    var request = new PutRecordsRequest { StreamName = "audit", Records = { entry } };
                    var response = await _kinesis.PutRecordsAsync(request, cancellationToken);
                    return response is { FailedRecordCount: 0 };
                }
            }
        }
        """;
}
