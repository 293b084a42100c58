using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Tests.Infrastructure;

namespace KinesisAnalyzers.Tests.Binding;

/// <summary>The generated PutRecordWithRetryAsync and CreateKinesisProducer run against a scripted client, on the SDK v3 and v4 shapes.</summary>
public class PutRecordWithRetryTests
{
    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RetriesThrottlingThenSucceeds(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecord = _ =>
        {
            switch (++call)
            {
                case 1: throw new KinesisTransportException("slow down", "ProvisionedThroughputExceededException", 400);
                case 2: throw new KinesisTransportException("kms busy", "KMSThrottlingException", 400);
            }
        };

        var response = await binding.PutRecordAsync(client, binding.Single("user-a"));

        Assert.Equal(new[] { "user-a", "user-a", "user-a" }, client.PutRecordKeys);
        Assert.Equal(new long[] { 0, 0, 0 }, client.PutRecordPositions); // the fake reads to the end; each retry rewinds
        Assert.Equal(new[] { "user-a-data", "user-a-data", "user-a-data" }, client.PutRecordData);
        Assert.Same(client.LastResponse, response);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RetriesNetworkFailuresTheSdkWrapsOrPassesThrough(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecord = _ =>
        {
            switch (++call)
            {
                case 1: throw new KinesisTransportException("wrapped", errorCode: null, statusCode: null, new IOException("connection reset"));
                case 2: throw new HttpRequestException("connection refused");
                case 3: throw new KinesisTransportException("unavailable", "ServiceUnavailable", 503);
            }
        };

        await binding.PutRecordAsync(client, binding.Single("user-a"));

        Assert.Equal(4, client.PutRecordKeys.Count);
        Assert.Equal("AmazonKinesisException", client.Thrown[0].GetType().Name);
        Assert.IsType<IOException>(client.Thrown[0].InnerException);
    }

    [Theory]
    [InlineData("v3", "InvalidArgumentException")]
    [InlineData("v4", "InvalidArgumentException")]
    [InlineData("v3", "ResourceNotFoundException")]
    [InlineData("v4", "AccessDeniedException")]
    public async Task DoesNotRetryPermanentErrors(string shape, string errorCode)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecord = _ => throw new KinesisTransportException("no", errorCode, 400);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => binding.PutRecordAsync(client, binding.Single("user-a")));

        Assert.Single(client.PutRecordKeys);
        Assert.Same(client.Thrown[0], exception);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RethrowsTheLastExceptionAfterTheLastAttempt(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        client.OnPutRecord = _ => throw new KinesisTransportException("slow down", "ProvisionedThroughputExceededException", 400);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => binding.PutRecordAsync(client, binding.Single("user-a"), maxAttempts: 3));

        Assert.Equal(3, client.PutRecordKeys.Count);
        Assert.Same(client.Thrown[2], exception);
        Assert.Equal("ProvisionedThroughputExceededException", exception.GetType().Name);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task DoesNotRetryOnceCancelled(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        using var cancellation = new CancellationTokenSource();
        client.OnPutRecord = _ =>
        {
            cancellation.Cancel();
            throw new KinesisTransportException("slow down", "ProvisionedThroughputExceededException", 400);
        };

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => binding.PutRecordAsync(client, binding.Single("user-a"), cancellationToken: cancellation.Token));

        Assert.Single(client.PutRecordKeys);
        Assert.Same(client.Thrown[0], exception);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task ThePublicExtensionMethodRetriesWithTheDefaultBackoff(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();
        var call = 0;
        client.OnPutRecord = _ =>
        {
            if (++call == 1)
            {
                throw new KinesisTransportException("slow down", "ProvisionedThroughputExceededException", 400);
            }
        };

        var response = await GeneratedBinding.AwaitResult(binding.CallExtension("PutRecordWithRetryAsync", client.Instance, binding.Single("user-a"), CancellationToken.None));

        Assert.Equal(2, client.PutRecordKeys.Count);
        Assert.Same(client.LastResponse, response);
    }

    [Theory]
    [MemberData(nameof(SdkShape.Names), MemberType = typeof(SdkShape))]
    public async Task RejectsMissingArgumentsAtTheCall(string shape)
    {
        var binding = await GeneratedBinding.LoadAsync(shape);
        var client = binding.NewClient();

        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => binding.CallExtension("PutRecordWithRetryAsync", client.Instance, null, CancellationToken.None)).ParamName);
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => binding.CallExtension("PutRecordWithRetryAsync", null, binding.Single("k"), CancellationToken.None)).ParamName);

        // Checked before the producer is built, so this does not depend on the producer's constructor.
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => binding.CallExtension("CreateKinesisProducer", null, "orders", null)).ParamName);
        Assert.Empty(client.PutRecordKeys);
    }
}
