using System.Buffers;
using System.Text;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>The generated adapter from IAmazonKinesis to the runtime's transport port, run against a scripted client.</summary>
public class TransportAdapterTests
{
    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task PutRecordsSendsEveryRecordAndReturnsOneResultPerEntry(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = _ => new[] { null, "ProvisionedThroughputExceededException" };
        var buffer = Encoding.UTF8.GetBytes("xxpayloadyy");
        var records = new[]
        {
            new TransportRecord("key-1", null, new ReadOnlyMemory<byte>(buffer, 2, 7)),
            new TransportRecord("key-2", "340282366920938463463374607431768211455", Encoding.UTF8.GetBytes("second")),
        };

        var result = await binding.NewTransport(client).PutRecordsAsync("orders", records, CancellationToken.None);

        Assert.Equal(new[] { "key-1", "key-2" }, client.PutRecordsKeys.Single());
        Assert.Equal(new[] { null, "340282366920938463463374607431768211455" }, client.PutRecordsHashKeys.Single());
        Assert.Equal(new[] { "payload", "second" }, client.PutRecordsData.Single());
        Assert.Equal("orders", client.PutRecordsStreams.Single());

        // The payload's array is handed to the SDK as is, not copied.
        var sent = client.PutRecordsBuffers.Single()[0];
        Assert.Same(buffer, sent.Array);
        Assert.Equal((2, 7), (sent.Offset, sent.Count));

        Assert.Equal(2, result.Records.Count);
        Assert.True(result.Records[0].Succeeded);
        Assert.Equal(("seq-key-1-1", "shardId-000000000000"), (result.Records[0].SequenceNumber, result.Records[0].ShardId));
        Assert.False(result.Records[1].Succeeded);
        Assert.Equal(("ProvisionedThroughputExceededException", "ProvisionedThroughputExceededException message"), (result.Records[1].ErrorCode, result.Records[1].ErrorMessage));
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task PutRecordsCopiesPayloadsThatAreNotInAnArray(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        using var native = new NonArrayMemory(Encoding.UTF8.GetBytes("native"));

        await binding.NewTransport(client).PutRecordsAsync("orders", new[] { new TransportRecord("key", null, native.Memory) }, CancellationToken.None);

        Assert.Equal(new[] { "native" }, client.PutRecordsData.Single());
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task PutRecordsReturnsNoResultsWhenTheResponseHasNone(string shape)
    {
        // SDK v4 collections can be null; the producer sees fewer results than records and treats them as unknown.
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = _ => null;

        var result = await binding.NewTransport(client).PutRecordsAsync("orders", new[] { new TransportRecord("key", null, new byte[] { 1 }) }, CancellationToken.None);

        Assert.Empty(result.Records);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ServiceErrorsBecomeTransportExceptions(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecords = _ => throw new KinesisTransportException("slow down", "ProvisionedThroughputExceededException", 400);
        var transport = binding.NewTransport(client);
        var records = new[] { new TransportRecord("key", null, new byte[] { 1 }) };

        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => transport.PutRecordsAsync("orders", records, CancellationToken.None));

        Assert.Equal("ProvisionedThroughputExceededException", exception.ErrorCode);
        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("slow down", exception.Message);
        Assert.Same(client.Thrown[0], exception.InnerException);
        Assert.Equal(KinesisErrorKind.Throttling, KinesisErrors.Classify(exception));

        // A network failure the SDK wrapped has no status: it stays unknown rather than becoming 0.
        client.OnPutRecords = _ => throw new KinesisTransportException("wrapped", null, null, new IOException("reset"));
        exception = await Assert.ThrowsAsync<KinesisTransportException>(() => transport.PutRecordsAsync("orders", records, CancellationToken.None));
        Assert.Null(exception.StatusCode);
        Assert.Null(exception.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ListShardsAsksForOpenShardsThenFollowsTheTokenAlone(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.ShardPages.Add(new[] { "shardId-0|0|100|parent-a|parent-b", "shardId-1|101|200" });
        client.ShardPages.Add(new[] { "shardId-2|201|340282366920938463463374607431768211455" });
        var transport = binding.NewTransport(client);

        var first = await transport.ListShardsAsync("orders", null, CancellationToken.None);
        var second = await transport.ListShardsAsync("orders", first.NextToken, CancellationToken.None);

        Assert.Equal(
            new[]
            {
                "stream=orders;token=<null>;filter=AT_LATEST",
                "stream=<null>;token=page-1;filter=<null>", // the service rejects StreamName with NextToken
            },
            client.ListShardsCalls);
        Assert.Equal("page-1", first.NextToken);
        Assert.Null(second.NextToken);
        Assert.Equal(
            new[] { "shardId-0 0..100 parent-a/parent-b", "shardId-1 101..200 /" },
            first.Shards.Select(s => $"{s.ShardId} {s.StartingHashKey}..{s.EndingHashKey} {s.ParentShardId}/{s.AdjacentParentShardId}"));
        Assert.Equal("340282366920938463463374607431768211455", Assert.Single(second.Shards).EndingHashKey);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ListShardsHandlesANullShardList(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.ShardPages.Add(new[] { "null" });

        var page = await binding.NewTransport(client).ListShardsAsync("orders", null, CancellationToken.None);

        Assert.Empty(page.Shards);
        Assert.Null(page.NextToken);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ListShardsRefusesAShardWithoutAHashKeyRange(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.ShardPages.Add(new[] { "shardId-0|0|100", "no-range" });

        var exception = await Assert.ThrowsAsync<KinesisTransportException>(() => binding.NewTransport(client).ListShardsAsync("orders", null, CancellationToken.None));

        Assert.Contains("hash key range", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RejectsMissingArguments(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var transport = binding.NewTransport(client);

        Assert.Equal("streamName", (await Assert.ThrowsAsync<ArgumentNullException>(() => transport.PutRecordsAsync(null!, Array.Empty<TransportRecord>(), CancellationToken.None))).ParamName);
        Assert.Equal("records", (await Assert.ThrowsAsync<ArgumentNullException>(() => transport.PutRecordsAsync("orders", null!, CancellationToken.None))).ParamName);
        Assert.Equal("streamName", (await Assert.ThrowsAsync<ArgumentNullException>(() => transport.ListShardsAsync(null!, null, CancellationToken.None))).ParamName);
        var constructor = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(binding.Type("KinesisAnalyzers.Generated.AmazonKinesisTransport"), new object?[] { null }));
        Assert.Equal("client", Assert.IsType<ArgumentNullException>(constructor.InnerException).ParamName);
        Assert.Empty(client.PutRecordsKeys);
    }

    /// <summary>Memory that is not backed by an array (TryGetArray fails), like native or pooled unmanaged buffers.</summary>
    private sealed class NonArrayMemory : MemoryManager<byte>
    {
        private readonly byte[] _bytes;

        public NonArrayMemory(byte[] bytes)
        {
            _bytes = bytes;
        }

        public override Span<byte> GetSpan() => _bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
