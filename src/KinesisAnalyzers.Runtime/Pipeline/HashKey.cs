using System;
using System.Globalization;
using System.Numerics;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// A Kinesis hash key: an unsigned 128-bit integer, as two 64-bit halves because netstandard2.0 has no UInt128.
    /// Shard ranges and record hash keys are compared as these.
    /// </summary>
    internal readonly struct HashKey : IComparable<HashKey>, IEquatable<HashKey>
    {
        /// <summary>The largest hash key, 2^128 - 1.</summary>
        public static readonly HashKey MaxValue = new HashKey(ulong.MaxValue, ulong.MaxValue);

        private static readonly BigInteger MaxBig = (BigInteger.One << 128) - 1;

        public HashKey(ulong high, ulong low)
        {
            High = high;
            Low = low;
        }

        /// <summary>The upper 64 bits.</summary>
        public ulong High { get; }

        /// <summary>The lower 64 bits.</summary>
        public ulong Low { get; }

        /// <summary>Reads a 16-byte MD5 digest as an unsigned big-endian integer, as Kinesis does.</summary>
        public static HashKey FromBigEndian(ReadOnlySpan<byte> digest)
        {
            if (digest.Length != 16)
            {
                throw new ArgumentException("A hash key is 16 bytes.", nameof(digest));
            }

            ulong high = 0, low = 0;
            for (var i = 0; i < 8; i++)
            {
                high = (high << 8) | digest[i];
                low = (low << 8) | digest[i + 8];
            }

            return new HashKey(high, low);
        }

        /// <summary>
        /// Parses the decimal form Kinesis uses for explicit hash keys and shard ranges:
        /// <c>0|[1-9][0-9]{0,38}</c>, at most 2^128 - 1. No sign, spaces or leading zeros.
        /// </summary>
        public static bool TryParse(string? text, out HashKey value)
        {
            value = default;
            if (text is null || text.Length == 0 || text.Length > 39 || (text.Length > 1 && text[0] == '0'))
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            // Only explicit hash keys and ListShards answers are parsed, so BigInteger's cost does not matter.
            var big = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            if (big > MaxBig)
            {
                return false;
            }

            value = new HashKey((ulong)(big >> 64), (ulong)(big & ulong.MaxValue));
            return true;
        }

        /// <summary>Parses like <see cref="TryParse"/> or throws <see cref="FormatException"/>.</summary>
        public static HashKey Parse(string text) =>
            TryParse(text, out var value) ? value : throw new FormatException("Not a Kinesis hash key (a decimal integer in 0..2^128-1).");

        public int CompareTo(HashKey other)
        {
            var high = High.CompareTo(other.High);
            return high != 0 ? high : Low.CompareTo(other.Low);
        }

        public bool Equals(HashKey other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is HashKey other && Equals(other);

        public override int GetHashCode() => (High ^ Low).GetHashCode();

        /// <summary>The decimal form, as an explicit hash key.</summary>
        public override string ToString() => ((new BigInteger(High) << 64) | new BigInteger(Low)).ToString(CultureInfo.InvariantCulture);

        public static bool operator <(HashKey left, HashKey right) => left.CompareTo(right) < 0;

        public static bool operator >(HashKey left, HashKey right) => left.CompareTo(right) > 0;

        public static bool operator <=(HashKey left, HashKey right) => left.CompareTo(right) <= 0;

        public static bool operator >=(HashKey left, HashKey right) => left.CompareTo(right) >= 0;

        public static bool operator ==(HashKey left, HashKey right) => left.Equals(right);

        public static bool operator !=(HashKey left, HashKey right) => !left.Equals(right);
    }
}
