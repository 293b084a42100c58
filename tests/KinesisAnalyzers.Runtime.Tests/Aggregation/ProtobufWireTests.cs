using System.IO;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

public class ProtobufWireTests
{
    public static TheoryData<ulong, int> VarintBoundaries() => new()
    {
        { 0, 1 }, { 1, 1 }, { 127, 1 }, { 128, 2 }, { 16_383, 2 }, { 16_384, 3 },
        { 2_097_151, 3 }, { 2_097_152, 4 }, { uint.MaxValue, 5 }, { (1UL << 63) - 1, 9 }, { 1UL << 63, 10 }, { ulong.MaxValue, 10 },
    };

    [Theory]
    [MemberData(nameof(VarintBoundaries))]
    public void VarintsHaveTheExpectedSizeAndRoundTrip(ulong value, int size)
    {
        Assert.Equal(size, ProtobufWire.VarintSize(value));
        Assert.Equal(size, KplTestSupport.Varint(value));

        var buffer = new byte[12];
        Assert.Equal(1 + size, ProtobufWire.WriteVarint(buffer, 1, value));
        var reader = new ProtobufReader(buffer.AsSpan(1, size));
        Assert.Equal(value, reader.ReadVarint());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void VarintEncodingMatchesTheProtobufExample()
    {
        // The protobuf documentation's example: 300 is AC 02.
        var buffer = new byte[2];
        ProtobufWire.WriteVarint(buffer, 0, 300);
        Assert.Equal(new byte[] { 0xAC, 0x02 }, buffer);
    }

    [Fact]
    public void NonMinimalVarintsAreAccepted()
    {
        var reader = new ProtobufReader(new byte[] { 0x81, 0x80, 0x80, 0x00 });
        Assert.Equal(1UL, reader.ReadVarint());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void ReaderErrorsAreInvalidDataExceptions()
    {
        Assert.Throws<InvalidDataException>(() => new ProtobufReader(ReadOnlySpan<byte>.Empty).ReadVarint());
        Assert.Throws<InvalidDataException>(() => new ProtobufReader(new byte[] { 0x03 }).ReadLengthDelimited());
        Assert.Throws<InvalidDataException>(() => new ProtobufReader(new byte[] { 0x00 }).ReadTag(out _, out _));
        Assert.Throws<InvalidDataException>(() => new ProtobufReader(new byte[] { 0x00 }).SkipField(1, 6));
        Assert.Throws<InvalidDataException>(() => new ProtobufReader(new byte[] { 0x00 }).SkipField(1, 4));
    }

    [Fact]
    public void LengthDelimitedReadsExactlyThePayload()
    {
        var reader = new ProtobufReader(new byte[] { 0x02, 0xAA, 0xBB, 0xCC });
        Assert.Equal(new byte[] { 0xAA, 0xBB }, reader.ReadLengthDelimited().ToArray());
        Assert.Equal(3, reader.Position);
        Assert.False(reader.AtEnd);
    }

    [Fact]
    public void PortableMd5AndUtf8PathsAgreeWithTheSpanPaths()
    {
        // netstandard2.0 builds use the portable paths; tests run on net10.0, so compare them here.
        var random = new Random(7);
        foreach (var length in new[] { 0, 1, 55, 56, 64, 1000, 70_000 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            var fast = new byte[16];
            var portable = new byte[16];
            KplText.Md5(data, fast);
            KplText.Md5Portable(data, portable);
            Assert.Equal(System.Security.Cryptography.MD5.HashData(data), fast);
            Assert.Equal(fast, portable);

            Assert.Equal(KplText.DecodeUtf8(data), KplText.DecodeUtf8Portable(data));
        }

        var text = KplTestSupport.Utf8("κλειδί-🔑");
        Assert.Equal("κλειδί-🔑", KplText.DecodeUtf8Portable(text));
        Assert.Equal(string.Empty, KplText.DecodeUtf8Portable(ReadOnlySpan<byte>.Empty));
    }
}
