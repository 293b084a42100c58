namespace KinesisAnalyzers.Tests.Binding;

/// <summary>
/// Source compiled together with the stand-in and the generated binding: a fake Kinesis client (a subclass of the
/// stand-in AmazonKinesisClient) whose answers the test scripts with neutral types, and small request builders.
/// The test cannot name the SDK types (they exist only in the compiled assembly), so a scripted failure is given as
/// a <c>KinesisTransportException</c> (error code, HTTP status) and turned into the matching SDK exception here.
/// </summary>
internal static class ScriptedKinesisSource
{
    public const string Text = """
        #nullable enable
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Kinesis;
        using Amazon.Kinesis.Model;
        using Amazon.Runtime;
        using KinesisAnalyzers.Runtime;

        namespace Harness
        {
            public sealed class ScriptedKinesis : AmazonKinesisClient
            {
                /// <summary>Partition keys sent -> one error code per entry (null = written); a null array answers with Records = null.</summary>
                public Func<string[], string?[]?>? OnPutRecords { get; set; }

                /// <summary>Partition key sent -> nothing (written), or throws.</summary>
                public Action<string>? OnPutRecord { get; set; }

                /// <summary>Pages of "shardId|start|end|parent|adjacent" lines; "null" makes Shards null, "no-range" a shard without a range.</summary>
                public List<string[]> ShardPages { get; } = new List<string[]>();

                public List<string[]> PutRecordsKeys { get; } = new List<string[]>();
                public List<string[]> PutRecordsData { get; } = new List<string[]>();
                public List<long[]> PutRecordsPositions { get; } = new List<long[]>();
                public List<string?[]> PutRecordsHashKeys { get; } = new List<string?[]>();
                public List<string?> PutRecordsStreams { get; } = new List<string?>();
                public List<ArraySegment<byte>[]> PutRecordsBuffers { get; } = new List<ArraySegment<byte>[]>();
                public List<bool> PutRecordsNullRecords { get; } = new List<bool>();
                public List<string> PutRecordKeys { get; } = new List<string>();
                public List<long> PutRecordPositions { get; } = new List<long>();
                public List<string> PutRecordData { get; } = new List<string>();
                public List<string> ListShardsCalls { get; } = new List<string>();
                public List<Exception> Thrown { get; } = new List<Exception>();
                public object? LastResponse { get; private set; }

                public override Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default)
                {
                    var entries = request.Records;
                    PutRecordsNullRecords.Add(entries == null);
                    PutRecordsStreams.Add(request.StreamName);
                    entries = entries ?? new List<PutRecordsRequestEntry>();
                    var keys = entries.Select(e => e.PartitionKey).ToArray();
                    PutRecordsKeys.Add(keys);
                    PutRecordsHashKeys.Add(entries.Select(e => (string?)e.ExplicitHashKey).ToArray());
                    PutRecordsPositions.Add(entries.Select(e => e.Data.Position).ToArray());
                    PutRecordsBuffers.Add(entries.Select(e => e.Data.TryGetBuffer(out var segment) ? segment : default).ToArray());
                    PutRecordsData.Add(entries.Select(e => Read(e.Data)).ToArray());

                    var codes = Answer(() => (OnPutRecords ?? (k => new string?[k.Length]))(keys));
                    var call = PutRecordsKeys.Count;
                    var response = new PutRecordsResponse();
                    if (codes == null)
                    {
                        response.Records = null;
                    }
                    else
                    {
                        response.Records = codes.Select((code, i) => code == null
                            ? new PutRecordsResultEntry { SequenceNumber = $"seq-{keys[i]}-{call}", ShardId = "shardId-000000000000" }
                            : code == "null-entry" ? null! : new PutRecordsResultEntry { ErrorCode = code, ErrorMessage = $"{code} message" }).ToList();
                        response.FailedRecordCount = codes.Count(code => code != null);
                    }

                    LastResponse = response;
                    return Task.FromResult(response);
                }

                public override Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken cancellationToken = default)
                {
                    PutRecordKeys.Add(request.PartitionKey);
                    PutRecordPositions.Add(request.Data.Position);
                    PutRecordData.Add(Read(request.Data));
                    Answer<object?>(() => { OnPutRecord?.Invoke(request.PartitionKey); return null; });
                    var response = new PutRecordResponse { SequenceNumber = $"seq-{request.PartitionKey}-{PutRecordKeys.Count}", ShardId = "shardId-000000000001" };
                    LastResponse = response;
                    return Task.FromResult(response);
                }

                public override Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken = default)
                {
                    ListShardsCalls.Add($"stream={request.StreamName ?? "<null>"};token={request.NextToken ?? "<null>"};filter={request.ShardFilter?.Type?.Value ?? "<null>"}");
                    var page = request.NextToken == null ? 0 : int.Parse(request.NextToken.Substring("page-".Length));
                    var lines = ShardPages[page];
                    var response = new ListShardsResponse { NextToken = page + 1 < ShardPages.Count ? $"page-{page + 1}" : null };
                    if (lines.Length == 1 && lines[0] == "null")
                    {
                        response.Shards = null;
                        return Task.FromResult(response);
                    }

                    response.Shards = lines.Select(line =>
                    {
                        if (line == "no-range")
                        {
                            return new Shard { ShardId = "shardId-broken" };
                        }

                        var parts = line.Split('|');
                        return new Shard
                        {
                            ShardId = parts[0],
                            HashKeyRange = new HashKeyRange { StartingHashKey = parts[1], EndingHashKey = parts[2] },
                            ParentShardId = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null,
                            AdjacentParentShardId = parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null,
                        };
                    }).ToList();
                    return Task.FromResult(response);
                }

                private T Answer<T>(Func<T> script)
                {
                    try
                    {
                        return script();
                    }
                    catch (Exception exception)
                    {
                        var thrown = exception is KinesisTransportException scripted ? SdkErrors.From(scripted) : exception;
                        Thrown.Add(thrown);
                        throw thrown;
                    }
                }

                /// <summary>Reads the data as the SDK does, leaving the stream at its end, so a retry must rewind it.</summary>
                private static string Read(MemoryStream data)
                {
                    var text = Encoding.UTF8.GetString(data.ToArray());
                    data.Seek(0, SeekOrigin.End);
                    return text;
                }
            }

            public static class Requests
            {
                public static PutRecordsRequest Batch(string[]? keys)
                {
                    return new PutRecordsRequest
                    {
                        StreamName = "orders",
                        Records = keys == null ? null : keys.Select(key => new PutRecordsRequestEntry { PartitionKey = key, Data = Data(key) }).ToList(),
                    };
                }

                public static PutRecordRequest Single(string key)
                {
                    return new PutRecordRequest { StreamName = "orders", PartitionKey = key, Data = Data(key) };
                }

                public static object? Entry(PutRecordsRequest request, int index) => request.Records[index];

                public static int EntryCount(PutRecordsRequest request) => request.Records.Count;

                public static object? RecordsList(PutRecordsRequest request) => request.Records;

                public static long[] Positions(PutRecordsRequest request) => request.Records.Select(e => e.Data.Position).ToArray();

                /// <summary>"seq|shard|code" per result entry, or null when Records is null.</summary>
                public static string[]? Describe(PutRecordsResponse response) =>
                    response.Records?.Select(r => $"{r.SequenceNumber}|{r.ShardId}|{r.ErrorCode}").ToArray();

                public static int? FailedRecordCount(PutRecordsResponse response) => response.FailedRecordCount;

                private static MemoryStream Data(string key) => new MemoryStream(Encoding.UTF8.GetBytes(key + "-data"));
            }
        }
        """;
}
