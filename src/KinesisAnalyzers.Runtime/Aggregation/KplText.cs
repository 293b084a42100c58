using System;
using System.Security.Cryptography;
using System.Text;

namespace KinesisAnalyzers.Runtime
{
    /// <summary>
    /// MD5 and UTF-8 over spans on every target. net8.0 uses the span APIs; netstandard2.0 goes
    /// through arrays. The portable paths are compiled on every target so tests can compare them.
    /// </summary>
    internal static class KplText
    {
        /// <summary>Encodes keys strictly: a lone surrogate would otherwise turn silently into U+FFFD and change the key.</summary>
        internal static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Decodes like protobuf consumers (KCL, aws-kinesis-agg): invalid bytes become U+FFFD rather than failing the record.</summary>
        internal static readonly UTF8Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        [ThreadStatic]
        private static MD5? _md5;

        /// <summary>
        /// Writes the MD5 of <paramref name="source"/> into the 16 bytes of <paramref name="destination"/>: short inputs
        /// (partition keys) in managed code (<see cref="ShortMd5"/>), long ones (aggregated records) by the platform.
        /// </summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Kinesis defines shard routing and the KPL record checksum as MD5; it is not used for security.")]
        internal static void Md5(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            if (source.Length <= ShortMd5.MaxLength)
            {
                ShortMd5.Hash(source, destination);
                return;
            }

#if NET5_0_OR_GREATER
            MD5.HashData(source, destination);
#else
            Md5Portable(source, destination);
#endif
        }

        /// <summary>The netstandard2.0 path of <see cref="Md5"/> for long inputs.</summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Kinesis defines shard routing and the KPL record checksum as MD5; it is not used for security.")]
        internal static void Md5Portable(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var md5 = _md5 ??= MD5.Create();
            var hash = md5.ComputeHash(source.ToArray());
            hash.AsSpan().CopyTo(destination);
        }

        /// <summary>Decodes UTF-8 leniently.</summary>
        internal static string DecodeUtf8(ReadOnlySpan<byte> bytes)
        {
#if NET5_0_OR_GREATER
            return LenientUtf8.GetString(bytes);
#else
            return DecodeUtf8Portable(bytes);
#endif
        }

        /// <summary>The netstandard2.0 path of <see cref="DecodeUtf8"/>.</summary>
        internal static string DecodeUtf8Portable(ReadOnlySpan<byte> bytes) =>
            bytes.IsEmpty ? string.Empty : LenientUtf8.GetString(bytes.ToArray());
    }
}
