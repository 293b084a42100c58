using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using KinesisAnalyzers.Runtime;
using static KinesisAnalyzers.Runtime.Tests.Aggregation.KplTestSupport;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

public class KinesisDeaggregatorTests
{
    private static readonly byte[] OneRecordMessage = new ProtoWriter()
        .StringField(1, "pk")
        .MessageField(3, ProtoWriter.Record(0, null, Utf8("payload")))
        .ToArray();

    [Fact]
    public void RoundTripKeepsEveryRecordInOrderWithSubSequenceNumbers()
    {
        var input = new[]
        {
            Rec("user-1", null, Utf8("first")),
            Rec("user-2", "0", Utf8("second")),
            Rec("user-1", "340282366920938463463374607431768211455", Utf8("third")),
            Rec("user-3", null, []),
            Rec("user-2", "0", [0, 0xFF, 0x80]),
        };
        var built = BuilderWith(51_200, input).Build();

        var records = KinesisDeaggregator.Deaggregate(built, "outer", "123", "49590338271490256608559692538361571095921575989136588898");

        Assert.Equal(input.Length, records.Count);
        for (var i = 0; i < input.Length; i++)
        {
            Assert.Equal(input[i].Key, records[i].PartitionKey);
            Assert.Equal(input[i].Ehk, records[i].ExplicitHashKey);
            Assert.Equal(input[i].Data, records[i].Data.ToArray());
            Assert.Equal(i, records[i].SubSequenceNumber);
            Assert.Equal("49590338271490256608559692538361571095921575989136588898", records[i].SequenceNumber);
            Assert.True(records[i].IsAggregated);
            Assert.Empty(records[i].Tags);
        }
    }

    [Fact]
    public void OverloadWithoutSequenceNumberLeavesItNull()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("x"))).Build();
        var record = Assert.Single(KinesisDeaggregator.Deaggregate(built, "outer"));
        Assert.Null(record.SequenceNumber);
        Assert.Equal(0, record.SubSequenceNumber);
        Assert.Equal("a", record.PartitionKey);
    }

    [Fact]
    public void DecodesARecordMadeByAwsKinesisAgg()
    {
        // aws-kinesis-agg 4.2.8 aggregate() of four records; an independent encoder (protobufjs).
        var fromAwsKinesisAgg = Convert.FromBase64String(
            "84mawgoFYWxwaGEKBGJldGEKEc66zrvOtc65zrTOry3wn5SREgUxMjM0NRInMzQwMjgyMzY2OTIwOTM4NDYzNDYzMzc0NjA3NDMxNzY4MjExNDU1" +
            "GgkIABoFaGVsbG8aCggBEAAaBAABAv8aBQgAGgF4GhEIAhABGgvDvG7Dr2PDuGTDqRpw4QSeywnGnIyxS4A8P04=");

        var records = KinesisDeaggregator.Deaggregate(fromAwsKinesisAgg, "alpha", null, "1");

        Assert.Equal(
            [
                ("alpha", null, "aGVsbG8="),
                ("beta", "12345", "AAEC/w=="),
                ("alpha", null, "eA=="),
                ("κλειδί-🔑", "340282366920938463463374607431768211455", Convert.ToBase64String(Utf8("ünïcødé"))),
            ],
            records.Select(r => (r.PartitionKey, r.ExplicitHashKey, Convert.ToBase64String(r.Data.Span))).ToArray());
    }

    [Fact]
    public void PlainRecordIsReturnedWholeWithTheOuterKeys()
    {
        var data = Utf8("{\"plain\":true}");
        var record = Assert.Single(KinesisDeaggregator.Deaggregate(data, "pk", "77", "seq-1"));

        Assert.Equal("pk", record.PartitionKey);
        Assert.Equal("77", record.ExplicitHashKey);
        Assert.Equal("seq-1", record.SequenceNumber);
        Assert.Equal(0, record.SubSequenceNumber);
        Assert.False(record.IsAggregated);
        Assert.Same(data, GetArray(record.Data));
        Assert.Equal(data.Length, record.Data.Length);
    }

    [Fact]
    public void EmptyDataIsAPlainRecord()
    {
        var record = Assert.Single(KinesisDeaggregator.Deaggregate(ReadOnlyMemory<byte>.Empty, "pk"));
        Assert.False(record.IsAggregated);
        Assert.True(record.Data.IsEmpty);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(19)]
    public void MagicWithoutRoomForTheChecksumIsAPlainRecord(int length)
    {
        var data = new byte[length];
        Magic.CopyTo(data, 0);
        var record = Assert.Single(KinesisDeaggregator.Deaggregate(data, "pk"));
        Assert.False(record.IsAggregated);
        Assert.Equal(data, record.Data.ToArray());
    }

    [Fact]
    public void ChecksumMismatchMakesItAPlainRecordLikeKcl()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("x")), Rec("b", null, Utf8("y"))).Build();
        built[^1] ^= 0x01;

        var record = Assert.Single(KinesisDeaggregator.Deaggregate(built, "outer", null, "s"));
        Assert.False(record.IsAggregated);
        Assert.Equal("outer", record.PartitionKey);
        Assert.Equal(built, record.Data.ToArray());
    }

    [Fact]
    public void CorruptedPayloadWithTheOldChecksumIsAPlainRecord()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("xyz"))).Build();
        built[10] ^= 0x40;
        Assert.False(Assert.Single(KinesisDeaggregator.Deaggregate(built, "outer")).IsAggregated);
    }

    [Fact]
    public void TruncatedRecordIsAPlainRecord()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("xyz"))).Build();
        for (var length = 0; length < built.Length; length++)
        {
            var record = Assert.Single(KinesisDeaggregator.Deaggregate(built.AsMemory(0, length), "outer"));
            Assert.False(record.IsAggregated);
            Assert.Equal(length, record.Data.Length);
        }
    }

    [Fact]
    public void IsAggregatedChecksMagicAndChecksum()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("x"))).Build();
        Assert.True(KinesisDeaggregator.IsAggregated(built));
        Assert.True(KinesisDeaggregator.IsAggregated(Frame([])));
        Assert.False(KinesisDeaggregator.IsAggregated(built.AsSpan(1)));
        Assert.False(KinesisDeaggregator.IsAggregated(built.AsSpan(0, built.Length - 1)));
        Assert.False(KinesisDeaggregator.IsAggregated(Magic));
        Assert.False(KinesisDeaggregator.IsAggregated(ReadOnlySpan<byte>.Empty));
        var noMagic = (byte[])built.Clone();
        noMagic[0] = 0xF2;
        Assert.False(KinesisDeaggregator.IsAggregated(noMagic));
    }

    [Fact]
    public void RecordsSliceTheInputWithoutCopying()
    {
        var built = BuilderWith(100, Rec("a", null, Utf8("x")), Rec("b", null, Utf8("yz"))).Build();
        var records = KinesisDeaggregator.Deaggregate(built, "outer");
        Assert.All(records, r => Assert.Same(built, GetArray(r.Data)));

        // Also from a slice of a larger buffer.
        var padded = new byte[built.Length + 10];
        built.CopyTo(padded, 5);
        var fromSlice = KinesisDeaggregator.Deaggregate(padded.AsMemory(5, built.Length), "outer");
        Assert.Equal(["x", "yz"], fromSlice.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public void AggregatedRecordWithNoUserRecordsYieldsNone()
    {
        Assert.Empty(KinesisDeaggregator.Deaggregate(Frame([]), "outer"));
        Assert.Empty(KinesisDeaggregator.Deaggregate(Frame(new ProtoWriter().StringField(1, "unused").ToArray()), "outer"));
    }

    [Fact]
    public void TablesMayFollowTheRecords()
    {
        var message = new ProtoWriter()
            .MessageField(3, ProtoWriter.Record(1, 0, Utf8("late")))
            .StringField(1, "p0")
            .StringField(2, "99")
            .StringField(1, "p1")
            .ToArray();

        var record = Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message), "outer"));
        Assert.Equal(("p1", "99", "late"), (record.PartitionKey, record.ExplicitHashKey, Encoding.UTF8.GetString(record.Data.Span)));
    }

    [Fact]
    public void RecordFieldsMayComeInAnyOrderAndTheLastValueWins()
    {
        var record = new ProtoWriter()
            .BytesField(3, Utf8("old"))
            .VarintField(2, 0)
            .VarintField(1, 0)
            .BytesField(3, Utf8("new"))
            .VarintField(1, 1);
        var message = new ProtoWriter().StringField(1, "p0").StringField(1, "p1").StringField(2, "5").MessageField(3, record).ToArray();

        var result = Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message), "outer"));
        Assert.Equal(("p1", "5", "new"), (result.PartitionKey, result.ExplicitHashKey, Encoding.UTF8.GetString(result.Data.Span)));
    }

    [Fact]
    public void TagsAreExposed()
    {
        var record = ProtoWriter.Record(0, null, Utf8("d"))
            .MessageField(4, new ProtoWriter().StringField(1, "env").StringField(2, "prod"))
            .MessageField(4, new ProtoWriter().StringField(1, "flag"));
        var message = new ProtoWriter().StringField(1, "pk").MessageField(3, record).ToArray();

        var result = Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message), "outer"));
        Assert.Equal([new("env", "prod"), new KeyValuePair<string, string?>("flag", null)], result.Tags);
    }

    [Fact]
    public void UnknownFieldsOfEveryWireTypeAreSkipped()
    {
        static ProtoWriter WithUnknowns(ProtoWriter writer) => writer
            .VarintField(15, ulong.MaxValue)
            .Tag(16, 1).Raw(1, 2, 3, 4, 5, 6, 7, 8)
            .BytesField(17, Utf8("ignored"))
            .Tag(18, 5).Raw(1, 2, 3, 4)
            .Tag(19, 3).VarintField(1, 5).Tag(20, 3).BytesField(2, [9]).Tag(20, 4).Tag(19, 4)
            .Tag(536_870_911, 0).RawVarint(1);

        var tag = WithUnknowns(new ProtoWriter().StringField(1, "k"));
        var record = WithUnknowns(ProtoWriter.Record(0, 0, Utf8("data"))).MessageField(4, tag);
        var message = WithUnknowns(new ProtoWriter().StringField(1, "pk")).StringField(2, "1");
        message = WithUnknowns(message.MessageField(3, record));

        var result = Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message.ToArray()), "outer"));
        Assert.Equal(("pk", "1", "data"), (result.PartitionKey, result.ExplicitHashKey, Encoding.UTF8.GetString(result.Data.Span)));
        Assert.Equal("k", Assert.Single(result.Tags).Key);
    }

    [Fact]
    public void KnownFieldWithAnotherWireTypeIsSkippedAsUnknown()
    {
        var record = new ProtoWriter()
            .Tag(1, 5).Raw(7, 0, 0, 0)     // partition_key_index as fixed32: not ours, skipped
            .VarintField(1, 0)
            .Tag(3, 0).RawVarint(12)       // data as a varint: skipped
            .BytesField(3, Utf8("real"));
        var message = new ProtoWriter()
            .VarintField(1, 3)             // partition_key_table as a varint: skipped
            .StringField(1, "pk")
            .MessageField(3, record)
            .ToArray();

        var result = Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message), "outer"));
        Assert.Equal(("pk", "real"), (result.PartitionKey, Encoding.UTF8.GetString(result.Data.Span)));
    }

    [Fact]
    public void InvalidUtf8InAKeyIsReplacedLikeOtherConsumersDo()
    {
        var message = new ProtoWriter()
            .BytesField(1, [0x61, 0xFF, 0x62])
            .MessageField(3, ProtoWriter.Record(0, null, [1]))
            .ToArray();
        Assert.Equal("a\uFFFDb", Assert.Single(KinesisDeaggregator.Deaggregate(Frame(message), "outer")).PartitionKey);
    }

    public static TheoryData<string, byte[]> MalformedMessages() => new()
    {
        { "truncated tag varint", [0x80] },
        { "truncated length varint", [0x0A, 0x80, 0x80] },
        { "varint over 10 bytes", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "varint over 64 bits", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02] },
        { "length past the end", [0x0A, 0x05, 0x61] },
        { "huge length", [0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] },
        { "length over 2^63", [0x1A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "wire type 6", [0x0E, 0x00] },
        { "wire type 7", [0x0F, 0x00] },
        { "field number 0", [0x02, 0x00] },
        { "field number too large", [0xFA, 0xFF, 0xFF, 0xFF, 0x7F, 0x00] },
        { "truncated fixed64", [0x79, 1, 2, 3] },
        { "truncated fixed32", [0x7D, 1, 2] },
        { "end group without start", [0x7C] },
        { "unclosed group", [0x7B, 0x08, 0x01] },
        { "group closed by another field", [0x7B, 0x84, 0x01] },
        { "record without partition key index", [0x0A, 0x01, 0x61, 0x1A, 0x02, 0x1A, 0x00] },
        { "record without data", [0x0A, 0x01, 0x61, 0x1A, 0x02, 0x08, 0x00] },
        { "partition key index out of range", [0x0A, 0x01, 0x61, 0x1A, 0x04, 0x08, 0x01, 0x1A, 0x00] },
        { "partition key index with no table", [0x1A, 0x04, 0x08, 0x00, 0x1A, 0x00] },
        { "partition key index beyond int", [0x0A, 0x01, 0x61, 0x1A, 0x08, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x1A, 0x00] },
        { "hash key index out of range", [0x0A, 0x01, 0x61, 0x12, 0x01, 0x31, 0x1A, 0x06, 0x08, 0x00, 0x10, 0x01, 0x1A, 0x00] },
        { "hash key index with no table", [0x0A, 0x01, 0x61, 0x1A, 0x06, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x00] },
        { "record length past the end", [0x0A, 0x01, 0x61, 0x1A, 0x09, 0x08, 0x00, 0x1A, 0x00] },
        { "data length past the record", [0x0A, 0x01, 0x61, 0x1A, 0x05, 0x08, 0x00, 0x1A, 0x05, 0x00] },
        { "truncated varint inside a record", [0x0A, 0x01, 0x61, 0x1A, 0x02, 0x08, 0x80] },
        { "tag without key", [0x0A, 0x01, 0x61, 0x1A, 0x08, 0x08, 0x00, 0x1A, 0x00, 0x22, 0x02, 0x12, 0x00] },
        { "truncated tag", [0x0A, 0x01, 0x61, 0x1A, 0x07, 0x08, 0x00, 0x1A, 0x00, 0x22, 0x01, 0x0A] },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public void MalformedContentBehindAValidChecksumThrowsInvalidDataException(string name, byte[] message)
    {
        var exception = Assert.Throws<InvalidDataException>(() => KinesisDeaggregator.Deaggregate(Frame(message), "outer"));
        Assert.False(string.IsNullOrWhiteSpace(exception.Message), name);
    }

    [Fact]
    public void DeeplyNestedUnknownGroupsThrowInsteadOfOverflowingTheStack()
    {
        var writer = new ProtoWriter();
        for (var i = 0; i < 100_000; i++)
        {
            writer.Tag(19, 3);
        }

        Assert.Throws<InvalidDataException>(() => KinesisDeaggregator.Deaggregate(Frame(writer.ToArray()), "outer"));
    }

    [Fact]
    public void GroupsNestedWithinTheLimitAreSkipped()
    {
        var writer = new ProtoWriter().StringField(1, "pk");
        for (var i = 0; i < 60; i++)
        {
            writer.Tag(19, 3);
        }

        for (var i = 0; i < 60; i++)
        {
            writer.Tag(19, 4);
        }

        writer.MessageField(3, ProtoWriter.Record(0, null, [7]));
        Assert.Equal([7], Assert.Single(KinesisDeaggregator.Deaggregate(Frame(writer.ToArray()), "outer")).Data.ToArray());
    }

    [Fact]
    public void NullPartitionKeyIsRejected()
    {
        Assert.Throws<ArgumentNullException>("partitionKey", () => KinesisDeaggregator.Deaggregate(Frame(OneRecordMessage), null!));
        Assert.Throws<ArgumentNullException>("partitionKey", () => KinesisDeaggregator.Deaggregate(Utf8("plain"), null!, null, "1"));
    }

    [Fact]
    public void DeaggregatedRecordValidatesItsArguments()
    {
        Assert.Throws<ArgumentNullException>("partitionKey", () => new DeaggregatedRecord(null!, null, default, 0, null, false));
        Assert.Throws<ArgumentOutOfRangeException>("subSequenceNumber", () => new DeaggregatedRecord("pk", null, default, -1, null, false));
        Assert.Empty(new DeaggregatedRecord("pk", null, default, 0, null, false).Tags);
    }

    private static byte[]? GetArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array : null;
}
