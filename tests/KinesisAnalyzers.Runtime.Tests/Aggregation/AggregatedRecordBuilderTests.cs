using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;
using static KinesisAnalyzers.Runtime.Tests.Aggregation.KplTestSupport;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

public class AggregatedRecordBuilderTests
{
    private const int Large = 10 * 1024 * 1024;

    [Fact]
    public void EmptyBuilderHasOnlyTheFixedOverhead()
    {
        var builder = new AggregatedRecordBuilder(51_200);

        Assert.Equal(0, builder.Count);
        Assert.Equal(20, builder.EncodedSize);
        Assert.Equal(51_200, builder.MaxSizeBytes);
    }

    [Fact]
    public void HundredByteRecordsWithUniqueGuidKeysCost144BytesEach()
    {
        var builder = new AggregatedRecordBuilder(Large);
        var data = new byte[100];
        for (var i = 0; i < 128; i++)
        {
            var key = Guid.NewGuid().ToString();
            Assert.Equal(36, key.Length);
            Assert.Equal(20 + (144 * i) + 144, builder.SizeIfAdded(key, null, 100));
            Assert.True(builder.TryAdd(key, null, data));
            Assert.Equal(20 + (144 * (i + 1)), builder.EncodedSize);
        }

        // From index 128 on the partition key index needs a two-byte varint: one byte more per record.
        Assert.True(builder.TryAdd(Guid.NewGuid().ToString(), null, data));
        Assert.Equal(20 + (144 * 128) + 145, builder.EncodedSize);
        Assert.Equal(builder.EncodedSize, builder.Build().Length);
    }

    [Fact]
    public void SizesFollowTheFormulaAcrossVarintBoundaries()
    {
        var builder = new AggregatedRecordBuilder(Large);
        var pkIndexes = new Dictionary<string, int>();
        var ehkIndexes = new Dictionary<string, int>();
        var expected = 20;
        var lengths = new[] { 0, 1, 127, 128, 16_383, 16_384, 5, 0, 300, 2_097_152 };
        var random = new Random(1);
        for (var i = 0; i < 400; i++)
        {
            // Repeated keys now and then, so both table paths are exercised; indexes pass 127.
            var key = random.Next(4) == 0 && pkIndexes.Count > 0 ? pkIndexes.Keys.ElementAt(random.Next(pkIndexes.Count)) : "key-" + i;
            var ehk = (i % 3) switch
            {
                0 => null,
                1 => "17",
                _ => (i * 7919).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var length = i < lengths.Length ? lengths[i] : random.Next(0, 200);

            if (!pkIndexes.TryGetValue(key, out var pkIndex))
            {
                pkIndex = pkIndexes.Count;
                expected += KeyCost(key);
            }

            int? ehkIndex = null;
            if (ehk is not null)
            {
                if (!ehkIndexes.TryGetValue(ehk, out var e))
                {
                    e = ehkIndexes.Count;
                    expected += KeyCost(ehk);
                }

                ehkIndex = e;
            }

            expected += RecordCost(pkIndex, ehkIndex, length);

            Assert.Equal(expected, builder.SizeIfAdded(key, ehk, length));
            Assert.True(builder.TryAdd(key, ehk, new byte[length]));
            Assert.Equal(expected, builder.EncodedSize);
            pkIndexes.TryAdd(key, pkIndex);
            if (ehk is not null)
            {
                ehkIndexes.TryAdd(ehk, ehkIndex!.Value);
            }
        }

        Assert.True(pkIndexes.Count > 128);
        Assert.Equal(expected, builder.Build().Length);
    }

    [Fact]
    public void RepeatedKeysAreStoredOnceAndCostOnlyTheRecord()
    {
        var builder = new AggregatedRecordBuilder(Large);
        const string key = "customer-42";
        const string ehk = "170141183460469231731687303715884105728";
        Assert.True(builder.TryAdd(key, ehk, new byte[10]));
        var afterFirst = builder.EncodedSize;

        Assert.Equal(afterFirst + RecordCost(0, 0, 10), builder.SizeIfAdded(key, ehk, 10));
        Assert.True(builder.TryAdd(key, ehk, new byte[10]));
        Assert.True(builder.TryAdd(key, ehk, new byte[10]));
        Assert.Equal(afterFirst + (2 * RecordCost(0, 0, 10)), builder.EncodedSize);

        var built = builder.Build();
        Assert.Equal(1, CountOccurrences(built, Utf8(key)));
        Assert.Equal(1, CountOccurrences(built, Utf8(ehk)));
        var records = KinesisDeaggregator.Deaggregate(built, "outer");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal((key, ehk), (r.PartitionKey, r.ExplicitHashKey)));
    }

    [Fact]
    public void AKeyUsedAsBothPartitionAndHashKeyGoesIntoEachTable()
    {
        var builder = new AggregatedRecordBuilder(Large);
        Assert.True(builder.TryAdd("123", "123", new byte[1]));
        Assert.Equal(20 + KeyCost("123") + KeyCost("123") + RecordCost(0, 0, 1), builder.EncodedSize);
        Assert.Equal(2, CountOccurrences(builder.Build(), Utf8("123")));
    }

    [Fact]
    public void SingleRecordEncodesToTheHandWrittenBytes()
    {
        var builder = BuilderWith(100, Rec("a", null, "b"u8.ToArray()));

        // pk table: 0A 01 'a'; record: 1A 05 { 08 00 (pk index 0), 1A 01 'b' (data) }.
        byte[] message = [0x0A, 0x01, 0x61, 0x1A, 0x05, 0x08, 0x00, 0x1A, 0x01, 0x62];
        Assert.Equal(Frame(message), builder.Build());
    }

    [Fact]
    public void RecordWithHashKeyEncodesToTheHandWrittenBytes()
    {
        var builder = BuilderWith(100, Rec("a", "5", []));

        // pk table 0A 01 'a'; ehk table 12 01 '5'; record 1A 06 { 08 00, 10 00, 1A 00 (empty data, still present) }.
        byte[] message = [0x0A, 0x01, 0x61, 0x12, 0x01, 0x35, 0x1A, 0x06, 0x08, 0x00, 0x10, 0x00, 0x1A, 0x00];
        Assert.Equal(Frame(message), builder.Build());
    }

    [Fact]
    public void OutputIsByteIdenticalToAwsKinesisAggForTheSameRecords()
    {
        // Made by aws-kinesis-agg 4.2.8 aggregate() from these four records, in this order.
        const string fromAwsKinesisAgg =
            "84mawgoFYWxwaGEKBGJldGEKEc66zrvOtc65zrTOry3wn5SREgUxMjM0NRInMzQwMjgyMzY2OTIwOTM4NDYzNDYzMzc0NjA3NDMxNzY4MjExNDU1" +
            "GgkIABoFaGVsbG8aCggBEAAaBAABAv8aBQgAGgF4GhEIAhABGgvDvG7Dr2PDuGTDqRpw4QSeywnGnIyxS4A8P04=";
        var builder = BuilderWith(
            51_200,
            Rec("alpha", null, Utf8("hello")),
            Rec("beta", "12345", [0, 1, 2, 255]),
            Rec("alpha", null, Utf8("x")),
            Rec("κλειδί-🔑", "340282366920938463463374607431768211455", Utf8("ünïcødé")));

        var built = builder.Build();
        Assert.Equal(fromAwsKinesisAgg, Convert.ToBase64String(built));
        Assert.Equal(built.Length, builder.EncodedSize);
    }

    [Fact]
    public void UnicodeKeysAreMeasuredInUtf8Bytes()
    {
        var builder = new AggregatedRecordBuilder(Large);
        const string key = "🔑é中";
        Assert.Equal(4, key.Length);
        Assert.Equal(4 + 2 + 3, Encoding.UTF8.GetByteCount(key));

        Assert.True(builder.TryAdd(key, null, new byte[3]));
        Assert.Equal(20 + (1 + 1 + 9) + RecordCost(0, null, 3), builder.EncodedSize);
        var record = Assert.Single(KinesisDeaggregator.Deaggregate(builder.Build(), "x"));
        Assert.Equal(key, record.PartitionKey);
    }

    [Fact]
    public void LongUnicodeKeyNeedsATwoByteLengthVarint()
    {
        var builder = new AggregatedRecordBuilder(Large);
        var key = new string('é', 256); // 512 UTF-8 bytes
        Assert.True(builder.TryAdd(key, null, new byte[1]));
        Assert.Equal(20 + (1 + 2 + 512) + RecordCost(0, null, 1), builder.EncodedSize);
        Assert.Equal(key, Assert.Single(KinesisDeaggregator.Deaggregate(builder.Build(), "x")).PartitionKey);
    }

    [Fact]
    public void RecordThatWouldExceedTheLimitIsRefusedAndChangesNothing()
    {
        var max = 20 + (3 * 144);
        var builder = new AggregatedRecordBuilder(max);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(builder.TryAdd(Guid.NewGuid().ToString(), null, new byte[100]));
        }

        Assert.Equal(max, builder.EncodedSize); // exactly at the limit is allowed
        var before = builder.Build();

        Assert.False(builder.TryAdd(Guid.NewGuid().ToString(), "42", new byte[100]));
        Assert.False(builder.TryAdd(Guid.NewGuid().ToString(), null, ReadOnlyMemory<byte>.Empty));

        Assert.Equal(3, builder.Count);
        Assert.Equal(max, builder.EncodedSize);
        Assert.Equal(before, builder.Build());
    }

    [Fact]
    public void RecordReachingTheLimitExactlyIsAcceptedAndOneByteMoreIsNot()
    {
        var first = 20 + KeyCost("k") + RecordCost(0, null, 10);
        var second = RecordCost(0, null, 20);

        var exact = new AggregatedRecordBuilder(first + second);
        Assert.True(exact.TryAdd("k", null, new byte[10]));
        Assert.True(exact.TryAdd("k", null, new byte[20]));
        Assert.Equal(first + second, exact.EncodedSize);

        var tight = new AggregatedRecordBuilder(first + second - 1);
        Assert.True(tight.TryAdd("k", null, new byte[10]));
        Assert.False(tight.TryAdd("k", null, new byte[20]));
        Assert.True(tight.TryAdd("k", null, new byte[19]));
    }

    [Fact]
    public void FirstRecordIsAlwaysAcceptedEvenOverTheLimit()
    {
        var builder = new AggregatedRecordBuilder(51_200);
        var big = new byte[1024 * 1024];
        Random.Shared.NextBytes(big);

        Assert.True(builder.TryAdd("big", null, big));
        Assert.True(builder.EncodedSize > 51_200);
        Assert.False(builder.TryAdd("small", null, new byte[1]));
        Assert.Equal(1, builder.Count);

        var record = Assert.Single(KinesisDeaggregator.Deaggregate(builder.Build(), "x"));
        Assert.Equal(big, record.Data.ToArray());

        // After the large record the builder works as before (its large buffer is released on Reset).
        builder.Reset();
        Assert.True(builder.TryAdd("small", null, Utf8("s")));
        Assert.Equal(BuilderWith(51_200, Rec("small", null, Utf8("s"))).Build(), builder.Build());
    }

    [Fact]
    public void ResetEmptiesTheBuilderAndItBuildsTheSameAsANewOne()
    {
        var builder = BuilderWith(Large, Rec("a", "1", new byte[500]), Rec("b", null, new byte[3]));
        builder.Reset();

        Assert.Equal(0, builder.Count);
        Assert.Equal(20, builder.EncodedSize);
        Assert.Throws<InvalidOperationException>(() => builder.Build());

        // Indexes restart at 0: "b" is now the first key.
        Assert.True(builder.TryAdd("b", null, Utf8("again")));
        var fresh = BuilderWith(Large, Rec("b", null, Utf8("again")));
        Assert.Equal(fresh.Build(), builder.Build());
        Assert.Equal(fresh.EncodedSize, builder.EncodedSize);
    }

    [Fact]
    public void BuildKeepsTheContentAndCanBeCalledAgainAfterMoreRecords()
    {
        var builder = BuilderWith(Large, Rec("a", null, Utf8("1")));
        var first = builder.Build();
        Assert.Equal(first, builder.Build());

        Assert.True(builder.TryAdd("b", null, Utf8("2")));
        var second = KinesisDeaggregator.Deaggregate(builder.Build(), "x");
        Assert.Equal(["1", "2"], second.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public void DataIsCopiedWhenAdded()
    {
        var data = Utf8("original");
        var builder = BuilderWith(Large, Rec("a", null, data));
        Array.Fill(data, (byte)'X');

        Assert.Equal("original", Encoding.UTF8.GetString(Assert.Single(KinesisDeaggregator.Deaggregate(builder.Build(), "x")).Data.Span));
    }

    [Fact]
    public void EmptyDataIsKept()
    {
        var builder = BuilderWith(Large, Rec("a", null, []), Rec("b", "9", []));
        Assert.Equal(20 + KeyCost("a") + KeyCost("b") + KeyCost("9") + RecordCost(0, null, 0) + RecordCost(1, 0, 0), builder.EncodedSize);

        var records = KinesisDeaggregator.Deaggregate(builder.Build(), "x");
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.True(r.Data.IsEmpty));
    }

    [Fact]
    public void BuildOfAnEmptyBuilderThrows()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new AggregatedRecordBuilder(100).Build());
        Assert.Contains("at least one", exception.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(-1)]
    public void MaximumBelowTheFixedOverheadIsRejected(int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AggregatedRecordBuilder(max));
    }

    [Fact]
    public void MaximumOfTheFixedOverheadStillTakesOneRecord()
    {
        var builder = new AggregatedRecordBuilder(20);
        Assert.True(builder.TryAdd("a", null, new byte[1]));
        Assert.False(builder.TryAdd("a", null, new byte[1]));
    }

    [Fact]
    public void InvalidArgumentsThrowAndChangeNothing()
    {
        var builder = BuilderWith(Large, Rec("a", null, Utf8("1")));
        var before = builder.Build();

        Assert.Throws<ArgumentNullException>("partitionKey", () => builder.TryAdd(null!, null, new byte[1]));
        Assert.Throws<ArgumentException>("partitionKey", () => builder.TryAdd("", null, new byte[1]));
        Assert.Throws<ArgumentException>("explicitHashKey", () => builder.TryAdd("b", "", new byte[1]));
        Assert.Throws<ArgumentException>("partitionKey", () => builder.TryAdd("bad\uD800", null, new byte[1]));
        Assert.Throws<ArgumentException>("explicitHashKey", () => builder.TryAdd("c", "\uDC00", new byte[1]));
        Assert.Throws<ArgumentNullException>("partitionKey", () => builder.SizeIfAdded(null!, null, 1));
        Assert.Throws<ArgumentException>("partitionKey", () => builder.SizeIfAdded("\uD800x", null, 1));
        Assert.Throws<ArgumentOutOfRangeException>("dataLength", () => builder.SizeIfAdded("a", null, -1));
        Assert.Throws<ArgumentOutOfRangeException>("dataLength", () => builder.SizeIfAdded("a", null, int.MaxValue));

        Assert.Equal(1, builder.Count);
        Assert.Equal(before, builder.Build());
    }

    [Fact]
    public void SizeIfAddedDoesNotChangeTheBuilder()
    {
        var builder = BuilderWith(Large, Rec("a", null, Utf8("1")));
        var size = builder.EncodedSize;
        builder.SizeIfAdded("new-key", "123", 50);
        Assert.Equal(size, builder.EncodedSize);
        Assert.Equal(1, builder.Count);

        // "new-key" was not entered in the table by the query: adding it still pays for the key.
        Assert.Equal(size + KeyCost("new-key") + RecordCost(1, null, 2), builder.SizeIfAdded("new-key", null, 2));
    }

    [Fact]
    public void ChecksumIsTheMd5OfTheProtobufBytes()
    {
        var built = BuilderWith(Large, Rec("a", null, Utf8("hello")), Rec("b", "1", Utf8("world"))).Build();
        Assert.Equal(Magic, built[..4]);
        Assert.Equal(MD5.HashData(built[4..^16]), built[^16..]);
    }

    private static int CountOccurrences(byte[] haystack, byte[] needle)
    {
        var count = 0;
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                count++;
            }
        }

        return count;
    }
}
