using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KinesisAnalyzers.Runtime.Pipeline
{
    /// <summary>The ActivitySource shared by every producer; one "PutRecords" activity per request.</summary>
    internal static class ProducerDiagnostics
    {
        public const string Name = "KinesisAnalyzers.Runtime";

        public static readonly ActivitySource ActivitySource = new ActivitySource(Name, typeof(ProducerDiagnostics).Assembly.GetName().Version?.ToString());
    }
}
