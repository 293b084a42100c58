using System;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>
    /// How many bytes the producer's recyclers (records with their data, aggregated record buffers) may each keep for
    /// reuse: a quarter of MaximumBufferedBytes, and never more than 64 MiB whatever the buffer allows.
    /// </summary>
    internal static class RecyclingLimit
    {
        private const long Largest = 64L * 1024 * 1024;

        public static long Of(long maxBufferedBytes) => Math.Min(Largest, maxBufferedBytes / 4);
    }
}
