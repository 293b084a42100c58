using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace KinesisAnalyzers.Runtime.Testing
{
    /// <summary>
    /// A 128-bit hash key as two 64-bit halves, for routing every entry without allocating. Written apart from the
    /// producer's own hash key type, so the simulator and the producer check each other.
    /// </summary>
    internal readonly struct SimulatorHashKey
    {
        // 256 characters take at most 768 UTF-8 bytes; longer keys are refused by validation before routing.
        private const int MaxStackKeyBytes = ShardSimulator.MaxPartitionKeyLength * 3;

        private static readonly BigInteger Max = (BigInteger.One << 128) - 1;

        private SimulatorHashKey(ulong high, ulong low)
        {
            High = high;
            Low = low;
        }

        public ulong High { get; }

        public ulong Low { get; }

        /// <summary>The hash key Kinesis routes by: the explicit hash key (already validated), or the MD5 of the UTF-8 partition key.</summary>
        public static SimulatorHashKey Of(string partitionKey, string? explicitHashKey)
        {
            if (explicitHashKey is not null)
            {
                return From(BigInteger.Parse(explicitHashKey, NumberStyles.None, CultureInfo.InvariantCulture));
            }

            Span<byte> digest = stackalloc byte[16];
            var byteCount = Encoding.UTF8.GetByteCount(partitionKey);
            if (byteCount <= MaxStackKeyBytes)
            {
                Span<byte> utf8 = stackalloc byte[MaxStackKeyBytes];
                KplText.Md5(utf8.Slice(0, Encode(partitionKey, utf8)), digest);
            }
            else
            {
                KplText.Md5(Encoding.UTF8.GetBytes(partitionKey), digest);
            }

            return new SimulatorHashKey(ReadBigEndian(digest.Slice(0, 8)), ReadBigEndian(digest.Slice(8, 8)));
        }

        /// <summary>Like <see cref="Of"/>, but false for an explicit hash key that is not a decimal in 0..2^128-1 (e.g. inside an aggregated record).</summary>
        public static bool TryOf(string partitionKey, string? explicitHashKey, out SimulatorHashKey hashKey)
        {
            hashKey = default;
            if (explicitHashKey is null)
            {
                hashKey = Of(partitionKey, null);
                return true;
            }

            if (!BigInteger.TryParse(explicitHashKey, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > Max)
            {
                return false;
            }

            hashKey = From(value);
            return true;
        }

        /// <summary>Converts a value in 0..2^128-1.</summary>
        public static SimulatorHashKey From(BigInteger value) =>
            new SimulatorHashKey((ulong)(value >> 64), (ulong)(value & ulong.MaxValue));

        public BigInteger ToBigInteger() => (new BigInteger(High) << 64) | new BigInteger(Low);

        public bool IsAtLeast(SimulatorHashKey other) => High > other.High || (High == other.High && Low >= other.Low);

        public bool IsAtMost(SimulatorHashKey other) => High < other.High || (High == other.High && Low <= other.Low);

        private static ulong ReadBigEndian(ReadOnlySpan<byte> bytes)
        {
            ulong value = 0;
            foreach (var b in bytes)
            {
                value = (value << 8) | b;
            }

            return value;
        }

        private static int Encode(string text, Span<byte> destination)
        {
#if NET5_0_OR_GREATER
            return Encoding.UTF8.GetBytes(text, destination);
#else
            var bytes = Encoding.UTF8.GetBytes(text);
            bytes.AsSpan().CopyTo(destination);
            return bytes.Length;
#endif
        }
    }
}
