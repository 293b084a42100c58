namespace KinesisAnalyzers.Binding
{
    /// <summary>
    /// The emitted adapter from <c>Amazon.Kinesis.IAmazonKinesis</c> to the runtime's <c>IKinesisTransport</c> port.
    /// Written once for SDK v3 and v4: it only assigns value-type properties and null-checks every collection,
    /// which compiles against both majors' shapes.
    /// </summary>
    internal static class TransportAdapterSource
    {
        public const string HintName = "KinesisAnalyzers.AmazonKinesisTransport.g.cs";

        public const string MetadataName = "KinesisAnalyzers.Generated.AmazonKinesisTransport";

        private const string Template = """
namespace KinesisAnalyzers.Generated
{
    /// <summary>Sends the runtime producer's requests through an AWS SDK Kinesis client (SDK v3 or v4).</summary>
    [global::System.CodeDom.Compiler.GeneratedCode("KinesisAnalyzers", "{VERSION}")]
    internal sealed class AmazonKinesisTransport : global::KinesisAnalyzers.Runtime.IKinesisTransport
    {
        private readonly global::Amazon.Kinesis.IAmazonKinesis _client;

        public AmazonKinesisTransport(global::Amazon.Kinesis.IAmazonKinesis client)
        {
            if (client == null)
            {
                throw new global::System.ArgumentNullException(nameof(client));
            }

            _client = client;
        }

        public async global::System.Threading.Tasks.Task<global::KinesisAnalyzers.Runtime.TransportPutResult> PutRecordsAsync(
            string streamName,
            global::System.Collections.Generic.IReadOnlyList<global::KinesisAnalyzers.Runtime.TransportRecord> records,
            global::System.Threading.CancellationToken cancellationToken)
        {
            if (streamName == null)
            {
                throw new global::System.ArgumentNullException(nameof(streamName));
            }

            if (records == null)
            {
                throw new global::System.ArgumentNullException(nameof(records));
            }

            var entries = new global::System.Collections.Generic.List<global::Amazon.Kinesis.Model.PutRecordsRequestEntry>(records.Count);
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                entries.Add(new global::Amazon.Kinesis.Model.PutRecordsRequestEntry
                {
                    PartitionKey = record.PartitionKey,
                    ExplicitHashKey = record.ExplicitHashKey{NF},
                    Data = ToStream(record.Data),
                });
            }

            var request = new global::Amazon.Kinesis.Model.PutRecordsRequest { StreamName = streamName, Records = entries };
            global::Amazon.Kinesis.Model.PutRecordsResponse{N} response;
            try
            {
                response = await _client.PutRecordsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (global::Amazon.Runtime.AmazonServiceException exception)
            {
                throw Translate(exception);
            }

            // One result per entry the service answered for; the producer treats missing ones as unknown outcomes.
            var replies = response == null ? null : response.Records;
            var results = new global::System.Collections.Generic.List<global::KinesisAnalyzers.Runtime.TransportRecordResult>(replies == null ? 0 : replies.Count);
            if (replies != null)
            {
                foreach (var reply in replies)
                {
                    results.Add(reply == null
                        ? new global::KinesisAnalyzers.Runtime.TransportRecordResult(null, null, null, null)
                        : new global::KinesisAnalyzers.Runtime.TransportRecordResult(reply.SequenceNumber, reply.ShardId, reply.ErrorCode, reply.ErrorMessage));
                }
            }

            return new global::KinesisAnalyzers.Runtime.TransportPutResult(results);
        }

        public async global::System.Threading.Tasks.Task<global::KinesisAnalyzers.Runtime.TransportShardPage> ListShardsAsync(
            string streamName,
            string{N} nextToken,
            global::System.Threading.CancellationToken cancellationToken)
        {
            if (streamName == null)
            {
                throw new global::System.ArgumentNullException(nameof(streamName));
            }

            // ListShards rejects StreamName (and a filter) together with NextToken: later pages send the token
            // alone, which carries the first page's stream and AT_LATEST filter. MaxResults stays unset: the
            // service's default page (1,000 shards) is already its largest.
            var request = nextToken == null
                ? new global::Amazon.Kinesis.Model.ListShardsRequest
                {
                    StreamName = streamName,
                    ShardFilter = new global::Amazon.Kinesis.Model.ShardFilter { Type = global::Amazon.Kinesis.ShardFilterType.AT_LATEST },
                }
                : new global::Amazon.Kinesis.Model.ListShardsRequest { NextToken = nextToken };

            global::Amazon.Kinesis.Model.ListShardsResponse{N} response;
            try
            {
                response = await _client.ListShardsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (global::Amazon.Runtime.AmazonServiceException exception)
            {
                throw Translate(exception);
            }

            var shards = new global::System.Collections.Generic.List<global::KinesisAnalyzers.Runtime.TransportShard>();
            var listed = response == null ? null : response.Shards;
            if (listed != null)
            {
                foreach (var shard in listed)
                {
                    if (shard == null)
                    {
                        continue;
                    }

                    var shardId = shard.ShardId;
                    var range = shard.HashKeyRange;
                    if (shardId == null || range == null || range.StartingHashKey == null || range.EndingHashKey == null)
                    {
                        // A shard map with a hole would misroute records; refuse the page instead.
                        throw new global::KinesisAnalyzers.Runtime.KinesisTransportException(
                            "ListShards returned a shard without an id or hash key range.", null, null);
                    }

                    shards.Add(new global::KinesisAnalyzers.Runtime.TransportShard(
                        shardId, range.StartingHashKey, range.EndingHashKey, shard.ParentShardId, shard.AdjacentParentShardId));
                }
            }

            var next = response == null ? null : response.NextToken;
            return new global::KinesisAnalyzers.Runtime.TransportShardPage(shards, string.IsNullOrEmpty(next) ? null : next);
        }

        /// <summary>The port's neutral form of a service error, so the runtime can classify it without an AWS reference.</summary>
        internal static global::KinesisAnalyzers.Runtime.KinesisTransportException Translate(global::Amazon.Runtime.AmazonServiceException exception)
        {
            var status = (int)exception.StatusCode;
            return new global::KinesisAnalyzers.Runtime.KinesisTransportException(
                exception.Message, exception.ErrorCode, status == 0 ? (int?)null : status, exception);
        }

        /// <summary>Wraps the payload for the SDK without copying it when it lives in an array.</summary>
        internal static global::System.IO.MemoryStream ToStream(global::System.ReadOnlyMemory<byte> data)
        {
            global::System.ArraySegment<byte> segment;
            if (global::System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out segment) && segment.Array != null)
            {
                return new global::System.IO.MemoryStream(segment.Array, segment.Offset, segment.Count, false, true);
            }

            return new global::System.IO.MemoryStream(data.ToArray(), false);
        }
    }
}
""";

        public static string Render(BindingModel model) => GeneratedSourceText.Render(Template, model);
    }
}
