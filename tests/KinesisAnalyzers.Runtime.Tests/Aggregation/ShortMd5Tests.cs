using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;
using KinesisAnalyzers.Runtime.Pipeline;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

public class ShortMd5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void MatchesTheRfc1321TestSuite(string input, string expected)
    {
        var digest = new byte[16];
        ShortMd5.Hash(Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(expected, Convert.ToHexString(digest).ToLowerInvariant());
    }

    [Fact]
    public void MatchesTheBclAtEveryLengthAroundTheBlockAndPaddingBoundaries()
    {
        var random = new Random(11);
        for (var length = 0; length <= ShortMd5.MaxLength + 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var digest = new byte[16];
            ShortMd5.Hash(data, digest);
            Assert.Equal(MD5.HashData(data), digest);

            // KplText.Md5 hands short inputs to ShortMd5 and long ones to the platform: the same digest either way.
            KplText.Md5(data, digest);
            Assert.Equal(MD5.HashData(data), digest);
        }
    }

    [Fact]
    public void WritesIntoTheStartOfALongerDestinationAndRefusesAShortOne()
    {
        var digest = new byte[20];
        ShortMd5.Hash(Encoding.ASCII.GetBytes("abc"), digest);
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Convert.ToHexString(digest, 0, 16).ToLowerInvariant());
        Assert.Equal(new byte[4], digest[16..]);
        Assert.Throws<ArgumentException>(() => ShortMd5.Hash(new byte[3], new byte[15]));
    }

    [Theory]
    [InlineData("order-42")]
    [InlineData("κλειδί-🔑")]
    [InlineData("")]
    public void ThePortableKeyEncodingMatchesUtf8(string key)
    {
        // netstandard2.0 builds encode keys this way (ASCII without allocating); tests run on net10.0, so compare here.
        var buffer = new byte[RecordValidator.MaxPartitionKeyLength * 3];
        var length = PartitionKeyHasher.EncodePortable(key, buffer);
        Assert.Equal(Encoding.UTF8.GetBytes(key), buffer[..length]);
    }
}
