using System.Globalization;
using Microsoft.CodeAnalysis;

namespace KinesisAnalyzers.CodeFixes
{
    /// <summary>
    /// The record size limit a size check enforces: <c>kinesis_analyzers.max_record_size_bytes</c> from .editorconfig
    /// (a number of bytes, or with B, KiB or MiB; 1..10 MiB), else 1 MiB, read the way KIN005 reads it.
    /// </summary>
    internal static class RecordSizeOption
    {
        public const long OneMiB = 1024 * 1024;

        public static long Get(Document document, SyntaxTree tree)
        {
            var options = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
            return options.TryGetValue("kinesis_analyzers.max_record_size_bytes", out var text) && Parse(text) is { } bytes ? bytes : OneMiB;
        }

        /// <summary>"1 MiB", "512 KiB" or "1,500,000 bytes".</summary>
        public static string Format(long bytes) =>
            bytes % OneMiB == 0 ? (bytes / OneMiB).ToString(CultureInfo.InvariantCulture) + " MiB"
            : bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB"
            : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";

        private static long? Parse(string text)
        {
            text = text.Trim();
            long unit = 1;
            if (text.EndsWith("MiB", System.StringComparison.Ordinal))
            {
                unit = OneMiB;
                text = text.Substring(0, text.Length - 3);
            }
            else if (text.EndsWith("KiB", System.StringComparison.Ordinal))
            {
                unit = 1024;
                text = text.Substring(0, text.Length - 3);
            }
            else if (text.EndsWith("B", System.StringComparison.Ordinal))
            {
                text = text.Substring(0, text.Length - 1);
            }

            if (!long.TryParse(text.Trim().Replace("_", string.Empty), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number > 10 * OneMiB)
            {
                return null;
            }

            var bytes = number * unit;
            return bytes is >= 1 and <= 10 * OneMiB ? bytes : (long?)null;
        }
    }
}
