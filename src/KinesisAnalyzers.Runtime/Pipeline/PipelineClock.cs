using System;
using System.Diagnostics;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>The pipeline's monotonic clock: time since the producer started. Virtual so tests can replace it.</summary>
    internal class PipelineClock
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        public virtual TimeSpan Now => _stopwatch.Elapsed;
    }
}
