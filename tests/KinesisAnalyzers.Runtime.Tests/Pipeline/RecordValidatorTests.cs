using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class RecordValidatorTests
{
    private readonly RecordValidator _validator = new(1024);

    [Fact]
    public void Returns_data_plus_utf8_key_bytes_and_the_hash_key()
    {
        var size = _validator.Validate("clé", null, 100, out var hashKey);
        Assert.Equal(100 + 4, size);
        Assert.Equal(PartitionKeyHasher.Hash("clé"), hashKey);
    }

    [Fact]
    public void Uses_the_explicit_hash_key_when_given()
    {
        _validator.Validate("k", "340282366920938463463374607431768211455", 1, out var hashKey);
        Assert.Equal(HashKey.MaxValue, hashKey);
    }

    [Fact]
    public void Rejects_a_null_partition_key()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => _validator.Validate(null!, null, 1, out _));
        Assert.Equal("partitionKey", exception.ParamName);
    }

    [Fact]
    public void Rejects_an_empty_partition_key()
    {
        var exception = Assert.Throws<ArgumentException>(() => _validator.Validate("", null, 1, out _));
        Assert.Equal("partitionKey", exception.ParamName);
    }

    [Fact]
    public void Accepts_256_characters_and_rejects_257()
    {
        _validator.Validate(new string('k', 256), null, 1, out _);
        var exception = Assert.Throws<ArgumentException>(() => _validator.Validate(new string('k', 257), null, 1, out _));
        Assert.Equal("partitionKey", exception.ParamName);
        Assert.DoesNotContain("kkkk", exception.Message);
    }

    [Fact]
    public void Rejects_a_lone_surrogate_but_accepts_a_pair()
    {
        _validator.Validate("a😀b", null, 1, out _);
        Assert.Throws<ArgumentException>(() => _validator.Validate("a\uD83Db", null, 1, out _));
        Assert.Throws<ArgumentException>(() => _validator.Validate("a\uDE00", null, 1, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData("12a")]
    [InlineData("340282366920938463463374607431768211456")]
    public void Rejects_an_explicit_hash_key_that_is_not_a_decimal_in_range(string explicitHashKey)
    {
        var exception = Assert.Throws<ArgumentException>(() => _validator.Validate("k", explicitHashKey, 1, out _));
        Assert.Equal("explicitHashKey", exception.ParamName);
    }

    [Fact]
    public void Rejects_data_plus_key_over_the_limit()
    {
        _validator.Validate("kk", null, 1022, out _);
        var exception = Assert.Throws<ArgumentException>(() => _validator.Validate("kk", null, 1023, out _));
        Assert.Equal("data", exception.ParamName);
        Assert.Contains("1025", exception.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünicode")]
    public void Rejects_bad_stream_names(string streamName)
    {
        Assert.Throws<ArgumentException>(() => RecordValidator.ValidateStreamName(streamName));
    }

    [Fact]
    public void Stream_names_have_1_to_128_allowed_characters()
    {
        RecordValidator.ValidateStreamName("a");
        RecordValidator.ValidateStreamName("Orders_2024.v1-eu");
        RecordValidator.ValidateStreamName(new string('s', 128));
        Assert.Throws<ArgumentException>(() => RecordValidator.ValidateStreamName(new string('s', 129)));
        Assert.Throws<ArgumentNullException>(() => RecordValidator.ValidateStreamName(null!));
    }

    [Fact]
    public void Refuses_use_after_dispose_and_a_cancelled_token()
    {
        RecordValidator.ThrowIfUnusable(false, CancellationToken.None);
        Assert.Throws<ObjectDisposedException>(() => RecordValidator.ThrowIfUnusable(true, CancellationToken.None));
        Assert.Throws<OperationCanceledException>(() => RecordValidator.ThrowIfUnusable(false, new CancellationToken(true)));
    }
}
