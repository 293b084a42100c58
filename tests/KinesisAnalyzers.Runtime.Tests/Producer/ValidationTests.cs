using KinesisAnalyzers.Runtime.Testing;
using KinesisAnalyzers.Runtime.Tests.Support;

namespace KinesisAnalyzers.Runtime.Tests.Producer;

/// <summary>Bad input fails at the call, with a clear exception, before anything is buffered.</summary>
public sealed class ValidationTests
{
    private const string TooBigHashKey = "340282366920938463463374607431768211456";

    [Fact]
    public void The_constructor_checks_transport_stream_name_and_options()
    {
        var simulator = new ShardSimulator(1);
        Assert.Throws<ArgumentNullException>(() => new KinesisProducer(null!, "s"));
        Assert.Throws<ArgumentNullException>(() => new KinesisProducer(simulator, null!));
        Assert.Throws<ArgumentException>(() => new KinesisProducer(simulator, ""));
        Assert.Throws<ArgumentException>(() => new KinesisProducer(simulator, "bad name"));
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new KinesisProducer(simulator, "s", new KinesisProducerOptions { CollectionMaxCount = 501 }));
        Assert.Equal("CollectionMaxCount", exception.ParamName);
    }

    public static TheoryData<string, Func<KinesisProducer, Task>, Type> BadCalls()
    {
        var data = new byte[10];
        var tooBig = new byte[1025];
        var key257 = new string('k', 257);
        return new TheoryData<string, Func<KinesisProducer, Task>, Type>
        {
            { "null key (AddAsync)", p => p.AddAsync(null!, data).AsTask(), typeof(ArgumentNullException) },
            { "empty key (AddAsync)", p => p.AddAsync("", data).AsTask(), typeof(ArgumentException) },
            { "257-char key (AddAsync)", p => p.AddAsync(key257, data).AsTask(), typeof(ArgumentException) },
            { "bad hash key (AddAsync)", p => p.AddAsync("k", data, "12x").AsTask(), typeof(ArgumentException) },
            { "hash key over 2^128-1 (AddAsync)", p => p.AddAsync("k", data, TooBigHashKey).AsTask(), typeof(ArgumentException) },
            { "too big (AddAsync)", p => p.AddAsync("k", tooBig).AsTask(), typeof(ArgumentException) },
            { "null bytes (AddAsync)", p => p.AddAsync("k", (byte[])null!).AsTask(), typeof(ArgumentNullException) },
            { "null stream (AddAsync)", p => p.AddAsync("k", (MemoryStream)null!).AsTask(), typeof(ArgumentNullException) },
            { "too big stream (AddAsync)", p => p.AddAsync("k", new MemoryStream(tooBig)).AsTask(), typeof(ArgumentException) },
            { "null key (PutAsync)", p => p.PutAsync(null!, data), typeof(ArgumentNullException) },
            { "empty key (PutAsync)", p => p.PutAsync("", new ReadOnlyMemory<byte>(data)), typeof(ArgumentException) },
            { "bad hash key (PutAsync)", p => p.PutAsync("k", data, "-1"), typeof(ArgumentException) },
            { "too big (PutAsync)", p => p.PutAsync("k", tooBig), typeof(ArgumentException) },
            { "null bytes (PutAsync)", p => p.PutAsync("k", (byte[])null!), typeof(ArgumentNullException) },
            { "null stream (PutAsync)", p => p.PutAsync("k", (MemoryStream)null!), typeof(ArgumentNullException) },
            { "empty key (TryAdd)", p => Task.FromResult(p.TryAdd("", data)), typeof(ArgumentException) },
            { "too big (TryAdd)", p => Task.FromResult(p.TryAdd("k", tooBig)), typeof(ArgumentException) },
            { "cancelled (AddAsync)", p => p.AddAsync("k", data, cancellationToken: new CancellationToken(true)).AsTask(), typeof(OperationCanceledException) },
            { "cancelled (PutAsync)", p => p.PutAsync("k", data, cancellationToken: new CancellationToken(true)), typeof(OperationCanceledException) },
        };
    }

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task A_bad_call_throws_at_once_and_buffers_nothing(string name, Func<KinesisProducer, Task> call, Type expected)
    {
        var simulator = new ShardSimulator(1);
        await using var producer = Fast.Producer(simulator, o =>
        {
            o.MaxRecordBytes = 1024;
            o.AggregationMaxBytes = 1024;
        });

        // Thrown synchronously, by the call itself, not by a task the caller might never await.
        var exception = Record.Exception(() => { _ = call(producer); });
        Assert.True(exception is not null, name);
        Assert.IsType(expected, exception);

        Assert.Equal(0, producer.BufferedRecordCount);
        Assert.Equal(0, producer.BufferedBytes);
        await producer.FlushAsync();
        Assert.Equal(0, simulator.PutRecordsCalls);
    }

    [Fact]
    public async Task Use_after_dispose_throws_ObjectDisposedException()
    {
        var producer = Fast.Producer(new ShardSimulator(1));
        await producer.DisposeAsync();
        var data = new byte[1];
        Assert.Throws<ObjectDisposedException>(() => { _ = producer.AddAsync("k", data); });
        Assert.Throws<ObjectDisposedException>(() => { _ = producer.PutAsync("k", data); });
        Assert.Throws<ObjectDisposedException>(() => producer.TryAdd("k", data));
        Assert.Throws<ObjectDisposedException>(() => { _ = producer.FlushAsync(); });
    }

    [Fact]
    public async Task Options_are_copied_when_the_producer_is_created()
    {
        var simulator = new ShardSimulator(1);
        var options = Fast.Options();
        await using var producer = new KinesisProducer(simulator, simulator.StreamName, options);
        options.MaxRecordBytes = 64;
        options.AggregationMaxBytes = 64;
        await producer.PutAsync("k", new byte[500]);
    }

    [Fact]
    public async Task The_largest_allowed_record_goes_through()
    {
        var simulator = new ShardSimulator(1);
        await using var producer = Fast.Producer(simulator);
        var result = await producer.PutAsync("kk", new byte[KinesisProducerOptions.DefaultMaxRecordBytes - 2]);
        Assert.False(result.Aggregated);
        Assert.Equal(0, simulator.InvalidRequests);
    }
}
