using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KinesisAnalyzers.Shared
{
    /// <summary>
    /// The largest record (data plus partition key) the target stream accepts, read from
    /// .editorconfig: <c>kinesis_analyzers.max_record_size_bytes = 10MiB</c>. A plain number is
    /// bytes; the suffixes B, KiB and MiB are accepted. The service allows 1 MiB by default and
    /// up to 10 MiB on streams that opt in, so a value outside 1..10 MiB (or one that does not
    /// parse) is ignored and the 1 MiB default kept.
    /// </summary>
    internal static class RecordSizeLimit
    {
        public const string OptionName = "kinesis_analyzers.max_record_size_bytes";
        public const long OneMiB = 1024 * 1024;
        public const long DefaultBytes = KinesisLimits.DefaultMaxRecordBytes;
        public const long LargestBytes = KinesisLimits.LargestMaxRecordBytes;

        public static long Get(AnalyzerOptions options, SyntaxTree tree) =>
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(OptionName, out var text)
                ? Parse(text) ?? DefaultBytes
                : DefaultBytes;

        /// <summary>The limit in bytes, or null when <paramref name="text"/> is not a valid value in 1..10 MiB.</summary>
        public static long? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            text = text.Trim();
            long unit = 1;
            if (EndsWith(ref text, "MiB"))
            {
                unit = OneMiB;
            }
            else if (EndsWith(ref text, "KiB"))
            {
                unit = 1024;
            }
            else
            {
                EndsWith(ref text, "B");
            }

            if (!long.TryParse(text.Replace("_", string.Empty), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number > LargestBytes)
            {
                return null;
            }

            var bytes = number * unit;
            return bytes >= DefaultBytes && bytes <= LargestBytes ? bytes : null;
        }

        /// <summary>"1 MiB", "1536 KiB" or "1,500,000 bytes", whichever is exact.</summary>
        public static string Format(long bytes)
        {
            if (bytes % OneMiB == 0)
            {
                return (bytes / OneMiB).ToString(CultureInfo.InvariantCulture) + " MiB";
            }

            if (bytes % 1024 == 0)
            {
                return (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB";
            }

            return bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        }

        private static bool EndsWith(ref string text, string suffix)
        {
            if (text.EndsWith(suffix, System.StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(0, text.Length - suffix.Length).TrimEnd();
                return true;
            }

            return false;
        }
    }
}
