using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KinesisAnalyzers.Runtime;

namespace ProducerFixture;

/// <summary>
/// A test transport speaking the Kinesis JSON 1.1 protocol over HTTP to a local server such as kinesalite.
/// It sends a syntactically valid but unsigned Authorization header: local servers check its presence only.
/// </summary>
internal sealed class KinesisJsonTransport : IKinesisTransport, IDisposable
{
    private readonly HttpClient _http;

    public KinesisJsonTransport(Uri endpoint)
    {
        _http = new HttpClient { BaseAddress = endpoint };
    }

    public int Requests;

    public async Task<TransportPutResult> PutRecordsAsync(string streamName, IReadOnlyList<TransportRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        var entries = new JsonArray();
        foreach (var record in records)
        {
            var entry = new JsonObject
            {
                ["Data"] = Convert.ToBase64String(record.Data.Span),
                ["PartitionKey"] = record.PartitionKey,
            };
            if (record.ExplicitHashKey is not null)
            {
                entry["ExplicitHashKey"] = record.ExplicitHashKey;
            }

            entries.Add(entry);
        }

        var response = await CallAsync("PutRecords", new JsonObject { ["StreamName"] = streamName, ["Records"] = entries }, cancellationToken);
        var results = new List<TransportRecordResult>();
        foreach (var item in response["Records"]!.AsArray())
        {
            results.Add(new TransportRecordResult(
                (string?)item!["SequenceNumber"], (string?)item["ShardId"], (string?)item["ErrorCode"], (string?)item["ErrorMessage"]));
        }

        return new TransportPutResult(results);
    }

    public async Task<TransportShardPage> ListShardsAsync(string streamName, string? nextToken, CancellationToken cancellationToken)
    {
        // The service rejects StreamName together with NextToken.
        var request = nextToken is null
            ? new JsonObject { ["StreamName"] = streamName, ["ShardFilter"] = new JsonObject { ["Type"] = "AT_LATEST" } }
            : new JsonObject { ["NextToken"] = nextToken };
        var response = await CallAsync("ListShards", request, cancellationToken);
        var shards = new List<TransportShard>();
        foreach (var shard in response["Shards"]!.AsArray())
        {
            var range = shard!["HashKeyRange"]!;
            shards.Add(new TransportShard((string)shard["ShardId"]!, (string)range["StartingHashKey"]!, (string)range["EndingHashKey"]!,
                (string?)shard["ParentShardId"], (string?)shard["AdjacentParentShardId"]));
        }

        return new TransportShardPage(shards, (string?)response["NextToken"]);
    }

    private async Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202." + operation);
        request.Headers.Add("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0000");
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = JsonNode.Parse(text) ?? throw new InvalidDataException("empty response");
        if (!response.IsSuccessStatusCode)
        {
            var type = (string?)json["__type"];
            throw new KinesisTransportException((string?)json["message"] ?? text, type?.Split('#').Last(), (int)response.StatusCode);
        }

        return json;
    }

    public void Dispose() => _http.Dispose();
}
