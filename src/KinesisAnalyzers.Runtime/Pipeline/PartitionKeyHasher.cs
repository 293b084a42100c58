using System;
using System.Text;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>Computes the hash key Kinesis routes a record by: MD5 of the UTF-8 partition key, or the explicit hash key.</summary>
    internal static class PartitionKeyHasher
    {
        // 256 UTF-16 code units take at most 3 UTF-8 bytes each (a surrogate pair: 4 bytes for 2 units).
        private const int MaxKeyBytes = RecordValidator.MaxPartitionKeyLength * 3;

        /// <summary>The hash key of a partition key.</summary>
        public static HashKey Hash(string partitionKey)
        {
            Span<byte> digest = stackalloc byte[16];
            if (partitionKey.Length <= RecordValidator.MaxPartitionKeyLength)
            {
                Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
                var length = Encode(partitionKey, utf8);
                KplText.Md5(utf8.Slice(0, length), digest);
            }
            else
            {
                KplText.Md5(Encoding.UTF8.GetBytes(partitionKey), digest);
            }

            return HashKey.FromBigEndian(digest);
        }

        /// <summary>The hash key a record routes by: its explicit hash key when it has one (already validated), else its key's MD5.</summary>
        public static HashKey HashKeyOf(string partitionKey, string? explicitHashKey) =>
            explicitHashKey is null ? Hash(partitionKey) : HashKey.Parse(explicitHashKey);

        private static int Encode(string text, Span<byte> destination)
        {
#if NET5_0_OR_GREATER
            return Encoding.UTF8.GetBytes(text, destination);
#else
            return EncodePortable(text, destination);
#endif
        }

        /// <summary>The netstandard2.0 path of <see cref="Encode"/>: ASCII keys (the usual case) without allocating.</summary>
        internal static int EncodePortable(string text, Span<byte> destination)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= 0x80)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    bytes.AsSpan().CopyTo(destination);
                    return bytes.Length;
                }

                destination[i] = (byte)c;
            }

            return text.Length;
        }
    }
}
