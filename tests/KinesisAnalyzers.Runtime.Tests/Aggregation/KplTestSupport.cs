using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

/// <summary>
/// Test-side helpers written independently of the runtime: the size formula of kinesis-facts.md,
/// and a minimal protobuf writer to craft aggregated records (valid, odd or corrupt) by hand.
/// </summary>
internal static class KplTestSupport
{
    public static readonly byte[] Magic = { 0xF3, 0x89, 0x9A, 0xC2 };

    public static int Varint(ulong value)
    {
        var n = 1;
        while (value >= 128)
        {
            value /= 128;
            n++;
        }

        return n;
    }

    /// <summary>The cost of a new table entry: 1 + varint(keyLength) + keyLength, keyLength in UTF-8 bytes.</summary>
    public static int KeyCost(string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        return 1 + Varint((ulong)length) + length;
    }

    /// <summary>The cost of a user record: 1 + varint(L) + L.</summary>
    public static int RecordCost(int pkIndex, int? ehkIndex, int dataLength)
    {
        var l = 1 + Varint((ulong)pkIndex)
            + (ehkIndex is int e ? 1 + Varint((ulong)e) : 0)
            + 1 + Varint((ulong)dataLength) + dataLength;
        return 1 + Varint((ulong)l) + l;
    }

    /// <summary>Wraps protobuf bytes as an aggregated record: magic || message || MD5(message).</summary>
    public static byte[] Frame(byte[] message) => [.. Magic, .. message, .. MD5.HashData(message)];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static (string Key, string? Ehk, byte[] Data) Rec(string key, string? ehk, byte[] data) => (key, ehk, data);

    public static AggregatedRecordBuilder BuilderWith(int maxSize, params (string Key, string? Ehk, byte[] Data)[] records)
    {
        var builder = new AggregatedRecordBuilder(maxSize);
        foreach (var (key, ehk, data) in records)
        {
            Assert.True(builder.TryAdd(key, ehk, data));
        }

        return builder;
    }
}

/// <summary>A protobuf writer for tests: fields in whatever order and shape the test wants.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _bytes = new();

    public ProtoWriter Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public ProtoWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public ProtoWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ProtoWriter VarintField(int field, ulong value) => Tag(field, 0).RawVarint(value);

    public ProtoWriter BytesField(int field, byte[] value) => Tag(field, 2).RawVarint((ulong)value.Length).Raw(value);

    public ProtoWriter StringField(int field, string value) => BytesField(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter MessageField(int field, ProtoWriter message) => BytesField(field, message.ToArray());

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A Record message with the usual fields.</summary>
    public static ProtoWriter Record(ulong pkIndex, ulong? ehkIndex, byte[] data)
    {
        var record = new ProtoWriter().VarintField(1, pkIndex);
        if (ehkIndex is ulong e)
        {
            record.VarintField(2, e);
        }

        return record.BytesField(3, data);
    }
}
