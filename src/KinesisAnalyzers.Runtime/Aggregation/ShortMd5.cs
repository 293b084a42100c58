using System;
using System.Buffers.Binary;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// MD5 (RFC 1321) in managed code, for short inputs such as partition keys. The BCL's one-shot MD5 goes to the
    /// platform library (OpenSSL on Linux), whose per-call overhead (context set-up, error-queue clearing, frees) costs
    /// several times the hashing of a few dozen bytes; every record pays it once on the caller's thread. Long inputs
    /// (aggregated records) still go to the platform's faster block code, see <see cref="KplText.Md5"/>. Allocates nothing.
    /// </summary>
    internal static class ShortMd5
    {
        /// <summary>Inputs up to this length are hashed here; longer ones by the platform.</summary>
        public const int MaxLength = 1024;

        // The per-step additive constants, floor(abs(sin(i + 1)) * 2^32) (RFC 1321, section 3.4).
        private static readonly uint[] Constants =
        {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
            0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
            0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
            0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
            0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
            0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
            0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
            0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
            0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
            0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
            0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
            0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
            0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
            0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
        };

        // The per-step left rotations: four amounts per round, repeated.
        private static readonly int[] Shifts =
        {
            7, 12, 17, 22,
            5, 9, 14, 20,
            4, 11, 16, 23,
            6, 10, 15, 21,
        };

        /// <summary>Writes the MD5 of <paramref name="source"/> into the first 16 bytes of <paramref name="destination"/>.</summary>
        public static void Hash(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            if (destination.Length < 16)
            {
                throw new ArgumentException("An MD5 digest takes 16 bytes.", nameof(destination));
            }

            uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
            Span<uint> words = stackalloc uint[16];
            var offset = 0;
            for (; source.Length - offset >= 64; offset += 64)
            {
                Compress(source.Slice(offset, 64), words, ref a, ref b, ref c, ref d);
            }

            // Padding: 0x80, zeros, then the length in bits (little-endian) at the end of the last block.
            Span<byte> tail = stackalloc byte[128];
            tail.Clear();
            var rest = source.Length - offset;
            source.Slice(offset).CopyTo(tail);
            tail[rest] = 0x80;
            var tailLength = rest + 1 + 8 <= 64 ? 64 : 128;
            BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailLength - 8), (ulong)source.Length * 8);
            Compress(tail.Slice(0, 64), words, ref a, ref b, ref c, ref d);
            if (tailLength == 128)
            {
                Compress(tail.Slice(64, 64), words, ref a, ref b, ref c, ref d);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(destination, a);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4), b);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), c);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12), d);
        }

        private static void Compress(ReadOnlySpan<byte> block, Span<uint> words, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
        {
            for (var i = 0; i < 16; i++)
            {
                words[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4));
            }

            var k = Constants;
            var s = Shifts;
            uint a = a0, b = b0, c = c0, d = d0;
            for (var i = 0; i < 16; i++)
            {
                Step(ref a, ref b, ref c, ref d, (b & c) | (~b & d), words[i], k[i], s[i & 3]);
            }

            for (var i = 16; i < 32; i++)
            {
                Step(ref a, ref b, ref c, ref d, (d & b) | (~d & c), words[((5 * i) + 1) & 15], k[i], s[4 + (i & 3)]);
            }

            for (var i = 32; i < 48; i++)
            {
                Step(ref a, ref b, ref c, ref d, b ^ c ^ d, words[((3 * i) + 5) & 15], k[i], s[8 + (i & 3)]);
            }

            for (var i = 48; i < 64; i++)
            {
                Step(ref a, ref b, ref c, ref d, c ^ (b | ~d), words[(7 * i) & 15], k[i], s[12 + (i & 3)]);
            }

            a0 += a;
            b0 += b;
            c0 += c;
            d0 += d;
        }

        /// <summary>One step: the new b from a, the round function's value, a message word and the step's constant; the others move down.</summary>
        private static void Step(ref uint a, ref uint b, ref uint c, ref uint d, uint f, uint word, uint constant, int shift)
        {
            var sum = a + f + word + constant;
            var rotated = (sum << shift) | (sum >> (32 - shift));
            a = d;
            d = c;
            c = b;
            b += rotated;
        }
    }
}
