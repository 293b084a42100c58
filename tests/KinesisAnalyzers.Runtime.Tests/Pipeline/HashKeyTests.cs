using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime.Pipeline;
using KinesisAnalyzers.Runtime.Testing;

namespace KinesisAnalyzers.Runtime.Tests.Pipeline;

public sealed class HashKeyTests
{
    private const string Max = "340282366920938463463374607431768211455";

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("18446744073709551616")]
    [InlineData(Max)]
    public void Parses_decimal_hash_keys_in_range(string text)
    {
        Assert.True(HashKey.TryParse(text, out var key));
        Assert.Equal(text, key.ToString());
        Assert.Equal(UInt128.Parse(text, CultureInfo.InvariantCulture), ToUInt128(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("340282366920938463463374607431768211456")]
    [InlineData("1000000000000000000000000000000000000000")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("١٢٣")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(HashKey.TryParse(text, out _));
    }

    [Fact]
    public void Orders_and_prints_like_a_128_bit_integer()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var a = Random128(random);
            var b = Random128(random);
            var keyA = HashKey.Parse(a.ToString(CultureInfo.InvariantCulture));
            var keyB = HashKey.Parse(b.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(keyA.CompareTo(keyB)));
            Assert.Equal(a == b, keyA == keyB);
            Assert.Equal(a.ToString(CultureInfo.InvariantCulture), keyA.ToString());
        }
    }

    [Fact]
    public void Reads_a_digest_big_endian()
    {
        var digest = Convert.FromHexString("0cc175b9c0f1b6a831c399e269772661");
        var key = HashKey.FromBigEndian(digest);
        Assert.Equal(0x0cc175b9c0f1b6a8UL, key.High);
        Assert.Equal(0x31c399e269772661UL, key.Low);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("order-42")]
    [InlineData("clé-ünïcödé")]
    [InlineData("emoji-😀-key")]
    public void Hashes_the_utf8_partition_key_with_md5(string partitionKey)
    {
        var expected = new UInt128(
            ReadBigEndian(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), 0),
            ReadBigEndian(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), 8));

        Assert.Equal(expected, ToUInt128(PartitionKeyHasher.Hash(partitionKey)));
        Assert.Equal((UInt128)ShardSimulator.HashOf(partitionKey, null), ToUInt128(PartitionKeyHasher.Hash(partitionKey)));
    }

    [Fact]
    public void Hashes_keys_longer_than_the_stack_buffer()
    {
        var key = new string('é', 300);
        Assert.Equal((UInt128)ShardSimulator.HashOf(key, null), ToUInt128(PartitionKeyHasher.Hash(key)));
    }

    [Fact]
    public void An_explicit_hash_key_replaces_the_hash()
    {
        Assert.Equal(HashKey.Parse("12345"), PartitionKeyHasher.HashKeyOf("anything", "12345"));
        Assert.Equal(PartitionKeyHasher.Hash("anything"), PartitionKeyHasher.HashKeyOf("anything", null));
    }

    internal static UInt128 ToUInt128(HashKey key) => new(key.High, key.Low);

    private static ulong ReadBigEndian(byte[] bytes, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset, 8));

    private static UInt128 Random128(Random random)
    {
        // Mix in extremes so equal values and boundary values occur.
        return random.Next(10) switch
        {
            0 => UInt128.MaxValue,
            1 => UInt128.Zero,
            2 => new UInt128(1, 0),
            _ => new UInt128((ulong)random.NextInt64() ^ ((ulong)random.Next() << 40), (ulong)random.NextInt64()),
        };
    }
}
