using System.IO;
using System.Security.Cryptography;
using System.Text;
using KinesisAnalyzers.Runtime;
using static KinesisAnalyzers.Runtime.Tests.Aggregation.KplTestSupport;

namespace KinesisAnalyzers.Runtime.Tests.Aggregation;

/// <summary>Seeded random tests: any seed that fails is printed in the assertion message and reproduces.</summary>
public class AggregationFuzzTests
{
    private static readonly string[] Alphabet = ["a", "Z", "0", "-", "é", "中", "🔑", "ß", " ", "\u0000"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomRecordsRoundTripAndSizesAreExact(int seed)
    {
        var random = new Random(seed);
        var builder = new AggregatedRecordBuilder(random.Next(20, 60_000));
        var keyPool = Enumerable.Range(0, 40).Select(_ => RandomKey(random)).ToArray();
        var ehkPool = Enumerable.Range(0, 10).Select(_ => RandomHashKey(random)).ToArray();

        for (var batch = 0; batch < 60; batch++)
        {
            var added = new List<(string Key, string? Ehk, byte[] Data)>();
            while (true)
            {
                var key = random.Next(3) == 0 ? RandomKey(random) : keyPool[random.Next(keyPool.Length)];
                var ehk = random.Next(3) == 0 ? null : random.Next(4) == 0 ? RandomHashKey(random) : ehkPool[random.Next(ehkPool.Length)];
                var data = new byte[random.Next(4) == 0 ? random.Next(0, 3000) : random.Next(0, 120)];
                random.NextBytes(data);

                var predicted = builder.SizeIfAdded(key, ehk, data.Length);
                var before = builder.EncodedSize;
                if (!builder.TryAdd(key, ehk, data))
                {
                    Assert.True(predicted > builder.MaxSizeBytes, $"seed {seed}: refused a record that fits");
                    Assert.Equal(before, builder.EncodedSize);
                    break;
                }

                Assert.Equal(predicted, builder.EncodedSize);
                added.Add((key, ehk, data));
                if (added.Count > 2000)
                {
                    break;
                }
            }

            var built = builder.Build();
            Assert.Equal(builder.EncodedSize, built.Length);
            Assert.True(added.Count == 1 || built.Length <= builder.MaxSizeBytes, $"seed {seed}: over the limit");

            var sequence = random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var records = KinesisDeaggregator.Deaggregate(built, "outer", "1", sequence);
            Assert.Equal(added.Count, records.Count);
            for (var i = 0; i < added.Count; i++)
            {
                Assert.Equal(added[i].Key, records[i].PartitionKey);
                Assert.Equal(added[i].Ehk, records[i].ExplicitHashKey);
                Assert.True(added[i].Data.AsSpan().SequenceEqual(records[i].Data.Span), $"seed {seed}: data of record {i} differs");
                Assert.Equal(i, records[i].SubSequenceNumber);
                Assert.Equal(sequence, records[i].SequenceNumber);
            }

            builder.Reset();
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void CorruptedContentBehindAValidChecksumNeverThrowsAnythingButInvalidDataException(int seed)
    {
        var random = new Random(seed);
        var builder = new AggregatedRecordBuilder(100_000);
        for (var i = 0; i < 30; i++)
        {
            Assert.True(builder.TryAdd(RandomKey(random), random.Next(2) == 0 ? null : RandomHashKey(random), RandomBytes(random, random.Next(0, 300))));
        }

        var message = builder.Build()[4..^16];
        int decoded = 0, rejected = 0;
        for (var round = 0; round < 3000; round++)
        {
            var corrupt = Mutate(random, message);
            try
            {
                var records = KinesisDeaggregator.Deaggregate(Frame(corrupt), "outer");
                Assert.All(records, r => Assert.NotNull(r.PartitionKey));
                decoded++;
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
        }

        // Both outcomes occur, so the mutations reach the parser's checks and its happy path.
        Assert.True(decoded > 0 && rejected > 0, $"seed {seed}: decoded {decoded}, rejected {rejected}");
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void RandomBytesBehindAValidChecksumNeverThrowAnythingButInvalidDataException(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 5000; round++)
        {
            var message = RandomBytes(random, random.Next(0, 64));
            try
            {
                KinesisDeaggregator.Deaggregate(Frame(message), "outer");
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void RandomDataWithTheMagicButNoValidChecksumIsReturnedWhole(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 2000; round++)
        {
            var data = RandomBytes(random, random.Next(0, 200));
            if (data.Length >= 4 && random.Next(2) == 0)
            {
                Magic.CopyTo(data, 0);
            }

            var expectedAggregated = data.Length >= 20 && data.AsSpan(0, 4).SequenceEqual(Magic)
                && MD5.HashData(data.AsSpan(4, data.Length - 20)).AsSpan().SequenceEqual(data.AsSpan(data.Length - 16));
            Assert.False(expectedAggregated);

            var record = Assert.Single(KinesisDeaggregator.Deaggregate(data, "pk"));
            Assert.False(record.IsAggregated);
            Assert.Equal(data, record.Data.ToArray());
        }
    }

    private static byte[] Mutate(Random random, byte[] message)
    {
        var copy = (byte[])message.Clone();
        switch (random.Next(5))
        {
            case 0: // flip bytes
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case 1: // truncate
                return copy[..random.Next(copy.Length)];
            case 2: // set a byte to a varint continuation or a large value
                copy[random.Next(copy.Length)] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x80;
                return copy;
            case 3: // insert garbage
                var at = random.Next(copy.Length);
                return [.. copy[..at], .. RandomBytes(random, random.Next(1, 6)), .. copy[at..]];
            default: // cut a slice out of the middle
                var start = random.Next(copy.Length);
                var end = Math.Min(copy.Length, start + random.Next(1, 10));
                return [.. copy[..start], .. copy[end..]];
        }
    }

    private static string RandomKey(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 40); i > 0; i--)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string RandomHashKey(Random random)
    {
        var value = new System.Numerics.BigInteger(RandomBytes(random, 16), isUnsigned: true);
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
